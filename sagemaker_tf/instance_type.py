"""SageMaker instance and Elastic Inference accelerator types (upstream's constants plus ``of``)."""

from __future__ import annotations

from typing import ClassVar

from ._validation import check_str, fail, is_token, show


class _MlType:
    """A SageMaker ``ml.*`` type identifier, checked on creation."""

    _kind: ClassVar[str] = "type"

    def __init__(self, identifier: str) -> None:
        check_str(f"{type(self).__name__}.of", "instance type", identifier)
        if not (is_token(identifier) or identifier.startswith("ml.")):
            fail(f"{type(self).__name__}.of", f"instance type must start with 'ml.'; (got {show(identifier)})")
        self._identifier = identifier

    @classmethod
    def of(cls, identifier: str):  # type: ignore[no-untyped-def]
        """Build a type from a string such as ``"ml.m5.large"`` (or a Terraform token)."""
        return cls(identifier)

    def __str__(self) -> str:
        return self._identifier

    def __repr__(self) -> str:
        return f"{type(self).__name__}.of({self._identifier!r})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and str(other) == self._identifier

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._identifier))


class InstanceType(_MlType):
    """An instance type for instance-based production variants.

    Example::

        sagemaker.InstanceType.M5_LARGE
        sagemaker.InstanceType.of("ml.g6e.xlarge")
    """

    C4_2XLARGE: ClassVar["InstanceType"]
    C4_4XLARGE: ClassVar["InstanceType"]
    C4_8XLARGE: ClassVar["InstanceType"]
    C4_LARGE: ClassVar["InstanceType"]
    C4_XLARGE: ClassVar["InstanceType"]
    C5_18XLARGE: ClassVar["InstanceType"]
    C5_2XLARGE: ClassVar["InstanceType"]
    C5_4XLARGE: ClassVar["InstanceType"]
    C5_9XLARGE: ClassVar["InstanceType"]
    C5_LARGE: ClassVar["InstanceType"]
    C5_XLARGE: ClassVar["InstanceType"]
    C5D_18XLARGE: ClassVar["InstanceType"]
    C5D_2XLARGE: ClassVar["InstanceType"]
    C5D_4XLARGE: ClassVar["InstanceType"]
    C5D_9XLARGE: ClassVar["InstanceType"]
    C5D_LARGE: ClassVar["InstanceType"]
    C5D_XLARGE: ClassVar["InstanceType"]
    C6I_12XLARGE: ClassVar["InstanceType"]
    C6I_16XLARGE: ClassVar["InstanceType"]
    C6I_24XLARGE: ClassVar["InstanceType"]
    C6I_2XLARGE: ClassVar["InstanceType"]
    C6I_32XLARGE: ClassVar["InstanceType"]
    C6I_4XLARGE: ClassVar["InstanceType"]
    C6I_8XLARGE: ClassVar["InstanceType"]
    C6I_LARGE: ClassVar["InstanceType"]
    C6I_XLARGE: ClassVar["InstanceType"]
    G4DN_12XLARGE: ClassVar["InstanceType"]
    G4DN_16XLARGE: ClassVar["InstanceType"]
    G4DN_2XLARGE: ClassVar["InstanceType"]
    G4DN_4XLARGE: ClassVar["InstanceType"]
    G4DN_8XLARGE: ClassVar["InstanceType"]
    G4DN_XLARGE: ClassVar["InstanceType"]
    G5_12XLARGE: ClassVar["InstanceType"]
    G5_16XLARGE: ClassVar["InstanceType"]
    G5_24XLARGE: ClassVar["InstanceType"]
    G5_2XLARGE: ClassVar["InstanceType"]
    G5_48XLARGE: ClassVar["InstanceType"]
    G5_4XLARGE: ClassVar["InstanceType"]
    G5_8XLARGE: ClassVar["InstanceType"]
    G5_XLARGE: ClassVar["InstanceType"]
    G6_12XLARGE: ClassVar["InstanceType"]
    G6_16XLARGE: ClassVar["InstanceType"]
    G6_24XLARGE: ClassVar["InstanceType"]
    G6_2XLARGE: ClassVar["InstanceType"]
    G6_48XLARGE: ClassVar["InstanceType"]
    G6_4XLARGE: ClassVar["InstanceType"]
    G6_8XLARGE: ClassVar["InstanceType"]
    G6_XLARGE: ClassVar["InstanceType"]
    INF1_24XLARGE: ClassVar["InstanceType"]
    INF1_2XLARGE: ClassVar["InstanceType"]
    INF1_6XLARGE: ClassVar["InstanceType"]
    INF1_XLARGE: ClassVar["InstanceType"]
    INF2_XLARGE: ClassVar["InstanceType"]
    INF2_8XLARGE: ClassVar["InstanceType"]
    INF2_24XLARGE: ClassVar["InstanceType"]
    INF2_48XLARGE: ClassVar["InstanceType"]
    M4_10XLARGE: ClassVar["InstanceType"]
    M4_16XLARGE: ClassVar["InstanceType"]
    M4_2XLARGE: ClassVar["InstanceType"]
    M4_4XLARGE: ClassVar["InstanceType"]
    M4_XLARGE: ClassVar["InstanceType"]
    M5_12XLARGE: ClassVar["InstanceType"]
    M5_24XLARGE: ClassVar["InstanceType"]
    M5_2XLARGE: ClassVar["InstanceType"]
    M5_4XLARGE: ClassVar["InstanceType"]
    M5_LARGE: ClassVar["InstanceType"]
    M5_XLARGE: ClassVar["InstanceType"]
    M5D_12XLARGE: ClassVar["InstanceType"]
    M5D_24XLARGE: ClassVar["InstanceType"]
    M5D_2XLARGE: ClassVar["InstanceType"]
    M5D_4XLARGE: ClassVar["InstanceType"]
    M5D_LARGE: ClassVar["InstanceType"]
    M5D_XLARGE: ClassVar["InstanceType"]
    P2_16XLARGE: ClassVar["InstanceType"]
    P2_8XLARGE: ClassVar["InstanceType"]
    P2_XLARGE: ClassVar["InstanceType"]
    P3_16XLARGE: ClassVar["InstanceType"]
    P3_2XLARGE: ClassVar["InstanceType"]
    P3_8XLARGE: ClassVar["InstanceType"]
    P4D_24XLARGE: ClassVar["InstanceType"]
    R5_12XLARGE: ClassVar["InstanceType"]
    R5_24XLARGE: ClassVar["InstanceType"]
    R5_2XLARGE: ClassVar["InstanceType"]
    R5_4XLARGE: ClassVar["InstanceType"]
    R5_LARGE: ClassVar["InstanceType"]
    R5_XLARGE: ClassVar["InstanceType"]
    R5D_12XLARGE: ClassVar["InstanceType"]
    R5D_24XLARGE: ClassVar["InstanceType"]
    R5D_2XLARGE: ClassVar["InstanceType"]
    R5D_4XLARGE: ClassVar["InstanceType"]
    R5D_LARGE: ClassVar["InstanceType"]
    R5D_XLARGE: ClassVar["InstanceType"]
    T2_2XLARGE: ClassVar["InstanceType"]
    T2_LARGE: ClassVar["InstanceType"]
    T2_MEDIUM: ClassVar["InstanceType"]
    T2_XLARGE: ClassVar["InstanceType"]


class AcceleratorType(_MlType):
    """An Elastic Inference accelerator type for instance-based production variants.

    Example::

        sagemaker.AcceleratorType.EIA2_MEDIUM
    """

    EIA1_LARGE: ClassVar["AcceleratorType"]
    EIA1_MEDIUM: ClassVar["AcceleratorType"]
    EIA1_XLARGE: ClassVar["AcceleratorType"]
    EIA2_LARGE: ClassVar["AcceleratorType"]
    EIA2_MEDIUM: ClassVar["AcceleratorType"]
    EIA2_XLARGE: ClassVar["AcceleratorType"]


_INSTANCE_TYPES = {
    "C4_2XLARGE": "ml.c4.2xlarge",
    "C4_4XLARGE": "ml.c4.4xlarge",
    "C4_8XLARGE": "ml.c4.8xlarge",
    "C4_LARGE": "ml.c4.large",
    "C4_XLARGE": "ml.c4.xlarge",
    "C5_18XLARGE": "ml.c5.18xlarge",
    "C5_2XLARGE": "ml.c5.2xlarge",
    "C5_4XLARGE": "ml.c5.4xlarge",
    "C5_9XLARGE": "ml.c5.9xlarge",
    "C5_LARGE": "ml.c5.large",
    "C5_XLARGE": "ml.c5.xlarge",
    "C5D_18XLARGE": "ml.c5d.18xlarge",
    "C5D_2XLARGE": "ml.c5d.2xlarge",
    "C5D_4XLARGE": "ml.c5d.4xlarge",
    "C5D_9XLARGE": "ml.c5d.9xlarge",
    "C5D_LARGE": "ml.c5d.large",
    "C5D_XLARGE": "ml.c5d.xlarge",
    "C6I_12XLARGE": "ml.c6i.12xlarge",
    "C6I_16XLARGE": "ml.c6i.16xlarge",
    "C6I_24XLARGE": "ml.c6i.24xlarge",
    "C6I_2XLARGE": "ml.c6i.2xlarge",
    "C6I_32XLARGE": "ml.c6i.32xlarge",
    "C6I_4XLARGE": "ml.c6i.4xlarge",
    "C6I_8XLARGE": "ml.c6i.8xlarge",
    "C6I_LARGE": "ml.c6i.large",
    "C6I_XLARGE": "ml.c6i.xlarge",
    "G4DN_12XLARGE": "ml.g4dn.12xlarge",
    "G4DN_16XLARGE": "ml.g4dn.16xlarge",
    "G4DN_2XLARGE": "ml.g4dn.2xlarge",
    "G4DN_4XLARGE": "ml.g4dn.4xlarge",
    "G4DN_8XLARGE": "ml.g4dn.8xlarge",
    "G4DN_XLARGE": "ml.g4dn.xlarge",
    "G5_12XLARGE": "ml.g5.12xlarge",
    "G5_16XLARGE": "ml.g5.16xlarge",
    "G5_24XLARGE": "ml.g5.24xlarge",
    "G5_2XLARGE": "ml.g5.2xlarge",
    "G5_48XLARGE": "ml.g5.48xlarge",
    "G5_4XLARGE": "ml.g5.4xlarge",
    "G5_8XLARGE": "ml.g5.8xlarge",
    "G5_XLARGE": "ml.g5.xlarge",
    "G6_12XLARGE": "ml.g6.12xlarge",
    "G6_16XLARGE": "ml.g6.16xlarge",
    "G6_24XLARGE": "ml.g6.24xlarge",
    "G6_2XLARGE": "ml.g6.2xlarge",
    "G6_48XLARGE": "ml.g6.48xlarge",
    "G6_4XLARGE": "ml.g6.4xlarge",
    "G6_8XLARGE": "ml.g6.8xlarge",
    "G6_XLARGE": "ml.g6.xlarge",
    "INF1_24XLARGE": "ml.inf1.24xlarge",
    "INF1_2XLARGE": "ml.inf1.2xlarge",
    "INF1_6XLARGE": "ml.inf1.6xlarge",
    "INF1_XLARGE": "ml.inf1.xlarge",
    "INF2_XLARGE": "ml.inf2.xlarge",
    "INF2_8XLARGE": "ml.inf2.8xlarge",
    "INF2_24XLARGE": "ml.inf2.24xlarge",
    "INF2_48XLARGE": "ml.inf2.48xlarge",
    "M4_10XLARGE": "ml.m4.10xlarge",
    "M4_16XLARGE": "ml.m4.16xlarge",
    "M4_2XLARGE": "ml.m4.2xlarge",
    "M4_4XLARGE": "ml.m4.4xlarge",
    "M4_XLARGE": "ml.m4.xlarge",
    "M5_12XLARGE": "ml.m5.12xlarge",
    "M5_24XLARGE": "ml.m5.24xlarge",
    "M5_2XLARGE": "ml.m5.2xlarge",
    "M5_4XLARGE": "ml.m5.4xlarge",
    "M5_LARGE": "ml.m5.large",
    "M5_XLARGE": "ml.m5.xlarge",
    "M5D_12XLARGE": "ml.m5d.12xlarge",
    "M5D_24XLARGE": "ml.m5d.24xlarge",
    "M5D_2XLARGE": "ml.m5d.2xlarge",
    "M5D_4XLARGE": "ml.m5d.4xlarge",
    "M5D_LARGE": "ml.m5d.large",
    "M5D_XLARGE": "ml.m5d.xlarge",
    "P2_16XLARGE": "ml.p2.16xlarge",
    "P2_8XLARGE": "ml.p2.8xlarge",
    "P2_XLARGE": "ml.p2.xlarge",
    "P3_16XLARGE": "ml.p3.16xlarge",
    "P3_2XLARGE": "ml.p3.2xlarge",
    "P3_8XLARGE": "ml.p3.8xlarge",
    "P4D_24XLARGE": "ml.p4d.24xlarge",
    "R5_12XLARGE": "ml.r5.12xlarge",
    "R5_24XLARGE": "ml.r5.24xlarge",
    "R5_2XLARGE": "ml.r5.2xlarge",
    "R5_4XLARGE": "ml.r5.4xlarge",
    "R5_LARGE": "ml.r5.large",
    "R5_XLARGE": "ml.r5.xlarge",
    "R5D_12XLARGE": "ml.r5d.12xlarge",
    "R5D_24XLARGE": "ml.r5d.24xlarge",
    "R5D_2XLARGE": "ml.r5d.2xlarge",
    "R5D_4XLARGE": "ml.r5d.4xlarge",
    "R5D_LARGE": "ml.r5d.large",
    "R5D_XLARGE": "ml.r5d.xlarge",
    "T2_2XLARGE": "ml.t2.2xlarge",
    "T2_LARGE": "ml.t2.large",
    "T2_MEDIUM": "ml.t2.medium",
    "T2_XLARGE": "ml.t2.xlarge",
}
_ACCELERATOR_TYPES = {
    "EIA1_LARGE": "ml.eia1.large",
    "EIA1_MEDIUM": "ml.eia1.medium",
    "EIA1_XLARGE": "ml.eia1.xlarge",
    "EIA2_LARGE": "ml.eia2.large",
    "EIA2_MEDIUM": "ml.eia2.medium",
    "EIA2_XLARGE": "ml.eia2.xlarge",
}
for _name, _value in _INSTANCE_TYPES.items():
    setattr(InstanceType, _name, InstanceType(_value))
for _name, _value in _ACCELERATOR_TYPES.items():
    setattr(AcceleratorType, _name, AcceleratorType(_value))
