"""The SCORM vocabulary shared by the builder, the validator and the preview."""

from __future__ import annotations

VERSIONS = ("1.2", "2004")

CP12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
CP2004 = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
ADLCP2004 = "http://www.adlnet.org/xsd/adlcp_v1p3"
ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3"
ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"

# Prefix → namespace of a manifest (None: IMS CP, unprefixed); Moodle needs these prefixes.
NAMESPACES: dict[str, dict[str | None, str]] = {
    "1.2": {None: CP12, "adlcp": ADLCP12},
    "2004": {None: CP2004, "adlcp": ADLCP2004, "adlseq": ADLSEQ, "adlnav": ADLNAV, "imsss": IMSSS},
}
# Moodle's manifest parser is not namespace-aware: it matches these literal prefixes.
PREFIXES = {
    ADLCP12: "adlcp",
    ADLCP2004: "adlcp",
    IMSSS: "imsss",
    ADLSEQ: "adlseq",
    ADLNAV: "adlnav",
}
SCHEMA_VERSION = {"1.2": "1.2", "2004": "2004 4th Edition"}  # the `<schemaversion>` text
SCORM_TYPE = {"1.2": "scormtype", "2004": "scormType"}  # the adlcp attribute's spelling
SUSPEND_DATA_LIMIT = {"1.2": 4096, "2004": 64000}  # characters the LMS must store
