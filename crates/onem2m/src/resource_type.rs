//! Resource types (TS-0004 Table 6.3.4.2.1-1, the `ty` values) and the short names of
//! resource and specialization types (TS-0004 Table 8.2.4-1). Tests check both row by row
//! against the spec text.

macro_rules! resource_types {
    ($($variant:ident = $code:literal, $name:literal;)*) => {
        /// A oneM2M resource type, as `ty` carries it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ResourceType {
            $($variant,)*
        }

        impl ResourceType {
            /// Every type of the table, in the table's order.
            pub const ALL: &'static [ResourceType] = &[$(ResourceType::$variant,)*];

            /// The `ty` value.
            pub fn code(self) -> u32 {
                match self { $(ResourceType::$variant => $code,)* }
            }

            /// The name as Table 6.3.4.2.1-1 writes it.
            pub fn name(self) -> &'static str {
                match self { $(ResourceType::$variant => $name,)* }
            }

            pub fn from_code(code: u32) -> Option<ResourceType> {
                match code { $($code => Some(ResourceType::$variant),)* _ => None }
            }
        }
    };
}

// 10033 is written "void" in the table (not "voidAnnc"); the variant says what it is.
resource_types! {
    AccessControlPolicy = 1, "accessControlPolicy";
    AE = 2, "AE";
    Container = 3, "container";
    ContentInstance = 4, "contentInstance";
    CSEBase = 5, "CSEBase";
    Delivery = 6, "delivery";
    EventConfig = 7, "eventConfig";
    ExecInstance = 8, "execInstance";
    Group = 9, "group";
    LocationPolicy = 10, "locationPolicy";
    M2mServiceSubscriptionProfile = 11, "m2mServiceSubscriptionProfile";
    MgmtCmd = 12, "mgmtCmd";
    MgmtObj = 13, "mgmtObj";
    Node = 14, "node";
    PollingChannel = 15, "pollingChannel";
    RemoteCSE = 16, "remoteCSE";
    Request = 17, "request";
    Schedule = 18, "schedule";
    ServiceSubscribedAppRule = 19, "serviceSubscribedAppRule";
    ServiceSubscribedNode = 20, "serviceSubscribedNode";
    StatsCollect = 21, "statsCollect";
    StatsConfig = 22, "statsConfig";
    Subscription = 23, "subscription";
    SemanticDescriptor = 24, "semanticDescriptor";
    NotificationTargetMgmtPolicyRef = 25, "notificationTargetMgmtPolicyRef";
    NotificationTargetPolicy = 26, "notificationTargetPolicy";
    PolicyDeletionRules = 27, "policyDeletionRules";
    FlexContainer = 28, "flexContainer";
    TimeSeries = 29, "timeSeries";
    TimeSeriesInstance = 30, "timeSeriesInstance";
    Role = 31, "role";
    Token = 32, "token";
    Void = 33, "void";
    DynamicAuthorizationConsultation = 34, "dynamicAuthorizationConsultation";
    AuthorizationDecision = 35, "authorizationDecision";
    AuthorizationPolicy = 36, "authorizationPolicy";
    AuthorizationInformation = 37, "authorizationInformation";
    OntologyRepository = 38, "ontologyRepository";
    Ontology = 39, "ontology";
    SemanticMashupJobProfile = 40, "semanticMashupJobProfile";
    SemanticMashupInstance = 41, "semanticMashupInstance";
    SemanticMashupResult = 42, "semanticMashupResult";
    AEContactList = 43, "AEContactList";
    AEContactListPerCSE = 44, "AEContactListPerCSE";
    LocalMulticastGroup = 45, "localMulticastGroup";
    MultimediaSession = 46, "multimediaSession";
    TriggerRequest = 47, "triggerRequest";
    CrossResourceSubscription = 48, "crossResourceSubscription";
    BackgroundDataTransfer = 49, "backgroundDataTransfer";
    TransactionMgmt = 50, "transactionMgmt";
    Transaction = 51, "transaction";
    AccessControlPolicyAnnc = 10001, "accessControlPolicyAnnc";
    AEAnnc = 10002, "AEAnnc";
    ContainerAnnc = 10003, "containerAnnc";
    ContentInstanceAnnc = 10004, "contentInstanceAnnc";
    CSEBaseAnnc = 10005, "CSEBaseAnnc";
    GroupAnnc = 10009, "groupAnnc";
    LocationPolicyAnnc = 10010, "locationPolicyAnnc";
    MgmtObjAnnc = 10013, "mgmtObjAnnc";
    NodeAnnc = 10014, "nodeAnnc";
    RemoteCSEAnnc = 10016, "remoteCSEAnnc";
    ScheduleAnnc = 10018, "scheduleAnnc";
    SemanticDescriptorAnnc = 10024, "semanticDescriptorAnnc";
    FlexContainerAnnc = 10028, "flexContainerAnnc";
    TimeSeriesAnnc = 10029, "timeSeriesAnnc";
    TimeSeriesInstanceAnnc = 10030, "timeSeriesInstanceAnnc";
    VoidAnnc = 10033, "void";
    OntologyRepositoryAnnc = 10038, "ontologyRepositoryAnnc";
    OntologyAnnc = 10039, "ontologyAnnc";
    SemanticMashupJobProfileAnnc = 10040, "semanticMashupJobProfileAnnc";
    SemanticMashupInstanceAnnc = 10041, "semanticMashupInstanceAnnc";
    SemanticMashupResultAnnc = 10042, "semanticMashupResultAnnc";
    MultimediaSessionAnnc = 10046, "multimediaSessionAnnc";
}

/// Table 8.2.4-1: (resource or specialization type name, short name). The short name of a
/// resource type is the key of its representation in JSON (`m2m:cnt`, `m2m:fwr`, …).
pub const TYPE_SHORT_NAMES: &[(&str, &str)] = &[
    ("accessControlPolicy", "acp"),
    ("accessControlPolicyAnnc", "acpA"),
    ("AE", "ae"),
    ("AEAnnc", "aeA"),
    ("container", "cnt"),
    ("containerAnnc", "cntA"),
    ("contentInstance", "cin"),
    ("contentInstanceAnnc", "cinA"),
    ("CSEBase", "cb"),
    ("CSEBaseAnnc", "cbA"),
    ("delivery", "dlv"),
    ("eventConfig", "evcg"),
    ("execInstance", "exin"),
    ("group", "grp"),
    ("groupAnnc", "grpA"),
    ("locationPolicy", "lcp"),
    ("locationPolicyAnnc", "lcpA"),
    ("m2mServiceSubscriptionProfile", "mssp"),
    ("mgmtCmd", "mgc"),
    ("node", "nod"),
    ("nodeAnnc", "nodA"),
    ("pollingChannel", "pch"),
    ("remoteCSE", "csr"),
    ("remoteCSEAnnc", "csrA"),
    ("request", "req"),
    ("schedule", "sch"),
    ("scheduleAnnc", "schA"),
    ("serviceSubscribedAppRule", "asar"),
    ("serviceSubscribedNode", "svsn"),
    ("statsCollect", "stcl"),
    ("statsConfig", "stcg"),
    ("subscription", "sub"),
    ("firmware", "fwr"),
    ("firmwareAnnc", "fwrA"),
    ("software", "swr"),
    ("softwareAnnc", "swrA"),
    ("memory", "mem"),
    ("memoryAnnc", "memA"),
    ("areaNwkInfo", "ani"),
    ("areaNwkInfoAnnc", "aniA"),
    ("areaNwkDeviceInfo", "andi"),
    ("areaNwkDeviceInfoAnnc", "andiA"),
    ("battery", "bat"),
    ("batteryAnnc", "batA"),
    ("deviceInfo", "dvi"),
    ("deviceInfoAnnc", "dviA"),
    ("deviceCapability", "dvc"),
    ("deviceCapabilityAnnc", "dvcA"),
    ("reboot", "rbo"),
    ("rebootAnnc", "rboA"),
    ("eventLog", "evl"),
    ("eventLogAnnc", "evlA"),
    ("cmdhPolicy", "cmp"),
    ("activeCmdhPolicy", "acmp"),
    ("cmdhDefaults", "cmdf"),
    ("cmdhDefEcValue", "cmdv"),
    ("cmdhEcDefParamValues", "cmpv"),
    ("cmdhLimits", "cml"),
    ("cmdhNetworkAccessRules", "cmnr"),
    ("cmdhNwAccessRule", "cmwr"),
    ("cmdhBuffer", "cmbf"),
    ("notificationTargetMgmtPolicyRef", "ntpr"),
    ("notificationTargetPolicy", "ntp"),
    ("policyDeletionRules", "pdr"),
    ("dynamicAuthorizationConsultation", "dac"),
    ("semanticDescriptor", "smd"),
    ("semanticDescriptorAnnc", "smdA"),
    ("timeSeries", "ts"),
    ("timeSeriesAnnc", "tsA"),
    ("timeSeriesInstance", "tsi"),
    ("timeSeriesInstanceAnnc", "tsiA"),
    ("role", "rol"),
    ("token", "tk"),
    ("genericInterworkingService", "gis"),
    ("genericInterworkingServiceAnnc", "gisA"),
    ("genericInterworkingOperationInstance", "gio"),
    ("genericInterworkingOperationInstanceAnnc", "gioA"),
    ("svcObjWrapper", "ajsw"),
    ("svcObjWrapperAnnc", "ajswA"),
    ("svcFwWrapper", "ajfw"),
    ("svcFwWrapperAnnc", "ajfwA"),
    ("allJoynApp", "ajap"),
    ("allJoynAppAnnc", "ajapA"),
    ("allJoynSvcObject", "ajso"),
    ("allJoynSvcObjectAnnc", "ajsoA"),
    ("allJoynInterface", "ajif"),
    ("allJoynInterfaceAnnc", "ajifA"),
    ("allJoynMethod", "ajmd"),
    ("allJoynMethodAnnc", "ajmdA"),
    ("allJoynMethodCall", "ajmc"),
    ("allJoynMethodCallAnnc", "ajmcA"),
    ("allJoynProperty", "ajpr"),
    ("allJoynPropertyAnnc", "ajprA"),
    ("authorizationDecision", "auds"),
    ("authorizationPolicy", "aupy"),
    ("authorizationInformation", "auif"),
    ("ontologyRepository", "ontr"),
    ("ontologyRepositoryAnnc", "ontrA"),
    ("ontology", "ont"),
    ("ontologyAnnc", "ontA"),
    ("semanticMashupJobProfile", "smjp"),
    ("semanticMashupJobProfileAnnc", "smjpA"),
    ("semanticMashupInstance", "smi"),
    ("semanticMashupInstanceAnnc", "smiA"),
    ("semanticMashupResult", "smr"),
    ("semanticMashupResultAnnc", "smrA"),
    ("AEContactList", "alst"),
    ("AEContactListPerCSE", "alpc"),
    ("localMulticastGroup", "lmg"),
    ("multimediaSession", "mms"),
    ("multimediaSessionAnnc", "mmsA"),
    ("triggerRequest", "tgr"),
    ("crossResourceSubscription", "crs"),
    ("backgroundDataTransfer", "bdt"),
    ("transaction", "trac"),
    ("transactionMgmt", "tram"),
];

impl ResourceType {
    /// The short name, if Table 8.2.4-1 gives one.
    pub fn short_name(self) -> Option<&'static str> {
        TYPE_SHORT_NAMES
            .iter()
            .find(|(name, _)| *name == self.name())
            .map(|(_, short)| *short)
    }

    /// Announced resource types (10000 and above).
    pub fn is_announced(self) -> bool {
        self.code() > 10_000
    }
}

/// The type name for a short name (`"fwr"` → `"firmware"`).
pub fn type_name_of_short(short: &str) -> Option<&'static str> {
    TYPE_SHORT_NAMES
        .iter()
        .find(|(_, s)| *s == short)
        .map(|(name, _)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TS_0004: &str = include_str!(
        "../../../../shared/spec/onem2m/TS-0004-v3.32.0-service-layer-core-protocol.md"
    );

    /// Two-column rows `| a | b |` of the table titled `title` (the spec writes a no-break
    /// space after "Table", so titles are matched from the number on), up to `end`.
    fn rows(title: &str, end: &str) -> Vec<(String, String)> {
        let start = TS_0004.rfind(title).expect("the table");
        let stop = start + TS_0004[start..].find(end).expect("the table's end");
        TS_0004[start..stop]
            .lines()
            .filter_map(|line| {
                let cells: Vec<&str> = line
                    .trim()
                    .trim_matches('|')
                    .split('|')
                    .map(str::trim)
                    .collect();
                match cells.as_slice() {
                    [a, b] | [a, b, _]
                        if !a.is_empty() && !a.starts_with("---") && !a.starts_with("NOTE") =>
                    {
                        Some((a.to_string(), b.to_string()))
                    }
                    _ => None,
                }
            })
            .filter(|(a, _)| a != "Value" && a != "Resource Type Name")
            .collect()
    }

    #[test]
    fn resource_types_are_table_6_3_4_2_1_1_row_by_row() {
        let spec = rows(
            "6.3.4.2.1-1: Interpretation of m2m:resourceType",
            "6.3.4.2.2",
        );
        assert!(spec.len() > 60, "{} rows", spec.len());
        assert_eq!(spec.len(), ResourceType::ALL.len());
        for ((code, name), ty) in spec.iter().zip(ResourceType::ALL) {
            let code: u32 = code.parse().expect("a number");
            assert_eq!((code, name.as_str()), (ty.code(), ty.name()));
            assert_eq!(ResourceType::from_code(ty.code()), Some(*ty));
        }
    }

    #[test]
    fn short_names_are_table_8_2_4_1_row_by_row() {
        let spec = rows(
            "8.2.4-1: Resource and specialization type short names",
            "### 8.2.5",
        );
        assert!(spec.len() > 90, "{} rows", spec.len());
        let ours: Vec<(String, String)> = TYPE_SHORT_NAMES
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let spec: Vec<(String, String)> = spec
            .into_iter()
            .map(|(a, b)| (a, b.trim_end_matches('*').trim().to_string()))
            .collect();
        assert_eq!(ours, spec);
    }

    #[test]
    fn the_device_management_types_have_their_short_names() {
        assert_eq!(ResourceType::Node.short_name(), Some("nod"));
        assert_eq!(ResourceType::MgmtCmd.short_name(), Some("mgc"));
        assert_eq!(ResourceType::ExecInstance.short_name(), Some("exin"));
        assert_eq!(type_name_of_short("fwr"), Some("firmware"));
        assert_eq!(type_name_of_short("dvi"), Some("deviceInfo"));
        assert_eq!(ResourceType::from_code(13), Some(ResourceType::MgmtObj));
        assert!(ResourceType::NodeAnnc.is_announced() && !ResourceType::Node.is_announced());
    }
}
