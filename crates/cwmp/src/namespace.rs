//! CWMP versions, their XML namespaces (A.6, Table 89) and version negotiation (3.7.4).

use std::fmt;
use std::str::FromStr;

use crate::envelope::Header;
use crate::fault::AcsFaultCode;

/// A CWMP protocol version. Ordered, so `min`/`max` pick the older/newer one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CwmpVersion {
    V1_0,
    V1_1,
    V1_2,
    V1_3,
    V1_4,
}

impl CwmpVersion {
    /// Every version, oldest first.
    pub const ALL: [CwmpVersion; 5] = [Self::V1_0, Self::V1_1, Self::V1_2, Self::V1_3, Self::V1_4];
    /// The newest version this codec speaks.
    pub const LATEST: CwmpVersion = Self::V1_4;

    /// The namespace the schema of this version defines (Table 89): 1.3 and 1.4 extend the
    /// 1.2 schema and keep its namespace.
    pub fn namespace(self) -> Namespace {
        match self {
            Self::V1_0 => Namespace::Cwmp10,
            Self::V1_1 => Namespace::Cwmp11,
            Self::V1_2 | Self::V1_3 | Self::V1_4 => Namespace::Cwmp12,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::V1_0 => "1.0",
            Self::V1_1 => "1.1",
            Self::V1_2 => "1.2",
            Self::V1_3 => "1.3",
            Self::V1_4 => "1.4",
        }
    }

    /// Parses a `SupportedCWMPVersions` list ("1.0,1.1,1.2,1.3,1.4"). Versions this codec does
    /// not know (a future "1.5") are skipped: negotiation only picks from versions both sides
    /// speak.
    pub fn parse_list(list: &str) -> Vec<CwmpVersion> {
        list.split(',')
            .filter_map(|v| v.trim().parse().ok())
            .collect()
    }
}

impl fmt::Display for CwmpVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CwmpVersion {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL
            .into_iter()
            .find(|v| v.as_str() == s.trim())
            .ok_or(())
    }
}

/// A CWMP XML namespace as it appears on the wire.
///
/// Table 89 defines three namespaces (`cwmp-1-0`, `cwmp-1-1`, `cwmp-1-2`). Some CPEs declare
/// `cwmp-1-3` or `cwmp-1-4` instead; they are accepted on input and answered in the same
/// namespace, because those CPEs only understand the namespace they sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Namespace {
    Cwmp10,
    Cwmp11,
    #[default]
    Cwmp12,
    Cwmp13,
    Cwmp14,
}

impl Namespace {
    pub fn uri(self) -> &'static str {
        match self {
            Self::Cwmp10 => "urn:dslforum-org:cwmp-1-0",
            Self::Cwmp11 => "urn:dslforum-org:cwmp-1-1",
            Self::Cwmp12 => "urn:dslforum-org:cwmp-1-2",
            Self::Cwmp13 => "urn:dslforum-org:cwmp-1-3",
            Self::Cwmp14 => "urn:dslforum-org:cwmp-1-4",
        }
    }

    pub fn from_uri(uri: &str) -> Option<Self> {
        Some(match uri.strip_prefix("urn:dslforum-org:cwmp-1-")? {
            "0" => Self::Cwmp10,
            "1" => Self::Cwmp11,
            "2" => Self::Cwmp12,
            "3" => Self::Cwmp13,
            "4" => Self::Cwmp14,
            _ => return None,
        })
    }

    /// The version of a CPE that sends this namespace without `SupportedCWMPVersions`
    /// (3.7.2.1, Table 9): `cwmp-1-2` is 1.2 if the Inform carries no `SessionTimeout`
    /// header, otherwise 1.3. The non-standard `cwmp-1-3`/`cwmp-1-4` are taken at their word.
    pub fn implied_version(self, session_timeout_present: bool) -> CwmpVersion {
        match self {
            Self::Cwmp10 => CwmpVersion::V1_0,
            Self::Cwmp11 => CwmpVersion::V1_1,
            Self::Cwmp12 if session_timeout_present => CwmpVersion::V1_3,
            Self::Cwmp12 => CwmpVersion::V1_2,
            Self::Cwmp13 => CwmpVersion::V1_3,
            Self::Cwmp14 => CwmpVersion::V1_4,
        }
    }
}

/// The outcome of version negotiation for one CWMP session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Negotiation {
    /// The version both sides use for the rest of the session.
    pub version: CwmpVersion,
    /// The namespace of every envelope the ACS sends in this session.
    pub namespace: Namespace,
    /// `Some(v)` when the InformResponse must carry `UseCWMPVersion` = v.
    pub use_cwmp_version: Option<CwmpVersion>,
}

/// CWMP version negotiation as a 1.4 (or later) ACS, TR-069 3.7.4 Table 11, last row.
///
/// - A CPE that sent `SupportedCWMPVersions` gets the newest version in its list that the ACS
///   also speaks (at most `acs_max`), announced with `UseCWMPVersion`, in that version's
///   namespace. The table leaves the choice to the ACS ("unspecified logic"); the newest common
///   version is what such CPEs expect.
/// - A CPE without the header is answered in its own namespace and without `UseCWMPVersion`;
///   both sides then use the older of `acs_max` and the version Table 9 infers from the
///   namespace and the presence of `SessionTimeout`.
///
/// Returns fault 8006 ("ACS version incompatible with CPE", A.5.2) when the CPE's list shares
/// no version with the ACS.
pub fn negotiate(
    acs_max: CwmpVersion,
    cpe_namespace: Namespace,
    inform_header: &Header,
) -> Result<Negotiation, AcsFaultCode> {
    match inform_header.supported_cwmp_versions.as_deref() {
        Some(list) => {
            let version = CwmpVersion::parse_list(list)
                .into_iter()
                .filter(|v| *v <= acs_max)
                .max()
                .ok_or(AcsFaultCode::VersionIncompatible)?;
            Ok(Negotiation {
                version,
                namespace: version.namespace(),
                use_cwmp_version: Some(version),
            })
        }
        None => Ok(Negotiation {
            version: cpe_namespace
                .implied_version(inform_header.session_timeout.is_some())
                .min(acs_max),
            namespace: cpe_namespace,
            use_cwmp_version: None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(supported: Option<&str>, session_timeout: Option<u32>) -> Header {
        Header {
            supported_cwmp_versions: supported.map(str::to_owned),
            session_timeout,
            ..Header::default()
        }
    }

    #[test]
    fn table_89_namespaces() {
        let rows = [
            ("1.0", "urn:dslforum-org:cwmp-1-0"),
            ("1.1", "urn:dslforum-org:cwmp-1-1"),
            ("1.2", "urn:dslforum-org:cwmp-1-2"),
            ("1.3", "urn:dslforum-org:cwmp-1-2"),
            ("1.4", "urn:dslforum-org:cwmp-1-2"),
        ];
        for (version, uri) in rows {
            let v: CwmpVersion = version.parse().unwrap();
            assert_eq!(v.namespace().uri(), uri, "version {version}");
            assert_eq!(Namespace::from_uri(uri).map(|n| n.uri()), Some(uri));
        }
        assert_eq!(Namespace::from_uri("urn:dslforum-org:cwmp-1-5"), None);
        assert_eq!(Namespace::from_uri("urn:other"), None);
    }

    #[test]
    fn table_11_cpe_1_0_gets_1_0_without_header() {
        let n = negotiate(CwmpVersion::V1_4, Namespace::Cwmp10, &header(None, None)).unwrap();
        assert_eq!(n.version, CwmpVersion::V1_0);
        assert_eq!(n.namespace, Namespace::Cwmp10);
        assert_eq!(n.use_cwmp_version, None);
    }

    #[test]
    fn table_11_cpe_1_1_to_1_3_answered_in_its_namespace() {
        let n = negotiate(CwmpVersion::V1_4, Namespace::Cwmp11, &header(None, None)).unwrap();
        assert_eq!(
            (n.version, n.namespace, n.use_cwmp_version),
            (CwmpVersion::V1_1, Namespace::Cwmp11, None)
        );
        let n = negotiate(
            CwmpVersion::V1_4,
            Namespace::Cwmp12,
            &header(None, Some(30)),
        )
        .unwrap();
        assert_eq!(
            (n.version, n.namespace, n.use_cwmp_version),
            (CwmpVersion::V1_3, Namespace::Cwmp12, None)
        );
        // An older ACS configuration caps the version.
        let n = negotiate(CwmpVersion::V1_1, Namespace::Cwmp12, &header(None, None)).unwrap();
        assert_eq!(n.version, CwmpVersion::V1_1);
    }

    #[test]
    fn table_9_cwmp_1_2_is_1_2_without_session_timeout() {
        let n = negotiate(CwmpVersion::V1_4, Namespace::Cwmp12, &header(None, None)).unwrap();
        assert_eq!((n.version, n.use_cwmp_version), (CwmpVersion::V1_2, None));
        let n = negotiate(
            CwmpVersion::V1_4,
            Namespace::Cwmp12,
            &header(None, Some(60)),
        )
        .unwrap();
        assert_eq!(n.version, CwmpVersion::V1_3);
    }

    #[test]
    fn table_11_cpe_1_4_gets_use_cwmp_version() {
        let n = negotiate(
            CwmpVersion::V1_4,
            Namespace::Cwmp12,
            &header(Some("1.0,1.1,1.2,1.3,1.4"), None),
        )
        .unwrap();
        assert_eq!(n.version, CwmpVersion::V1_4);
        assert_eq!(n.namespace, Namespace::Cwmp12);
        assert_eq!(n.use_cwmp_version, Some(CwmpVersion::V1_4));
        // A future version in the list is skipped; the ACS's own maximum caps the choice.
        let n = negotiate(
            CwmpVersion::V1_2,
            Namespace::Cwmp12,
            &header(Some(" 1.4 , 1.5,1.1"), None),
        )
        .unwrap();
        assert_eq!(n.use_cwmp_version, Some(CwmpVersion::V1_1));
        assert_eq!(n.namespace, Namespace::Cwmp11);
    }

    #[test]
    fn no_common_version_is_fault_8006() {
        assert_eq!(
            negotiate(
                CwmpVersion::V1_4,
                Namespace::Cwmp12,
                &header(Some("2.0"), None)
            ),
            Err(AcsFaultCode::VersionIncompatible)
        );
        assert_eq!(AcsFaultCode::VersionIncompatible.code(), 8006);
    }
}
