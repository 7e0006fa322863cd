"""``python -m sagemaker_tf``: the ``sagemaker-tf`` command line (see :mod:`sagemaker_tf.cli.__main__`).

Example::

    $ python -m sagemaker_tf describe cdktf.out
"""

from sagemaker_tf.cli.__main__ import main

if __name__ == "__main__":
    raise SystemExit(main())
