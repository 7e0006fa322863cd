"""The ``sagemaker-tf`` command line."""
