"""Tests of sagemaker_tf.testing that need no Terraform CLI."""
