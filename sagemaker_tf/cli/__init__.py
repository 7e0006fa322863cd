"""The ``sagemaker-tf`` command line: ``describe``, ``diagram``, ``review``, ``plan``, ``new`` and ``warm``.

Run it as ``sagemaker-tf COMMAND ...`` or ``python -m sagemaker_tf COMMAND ...``; see
:mod:`sagemaker_tf.cli.__main__`. Importing this package loads neither cdktf nor the provider bindings (``plan``
synthesizes the app in a child process).

Example::

    from sagemaker_tf.cli.__main__ import main
    exit_code = main(["review", "plan.json", "--fail-on", "risky"])
"""
