//! Response Status Codes (TS-0004 6.6) and their HTTP status codes (TS-0009 6.3.2,
//! Table 6.3.2-1), as one table. A test checks it row by row against the spec text.

macro_rules! rsc_table {
    ($($variant:ident = $code:literal, $name:literal, $http:literal;)*) => {
        /// A oneM2M Response Status Code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Rsc {
            $($variant,)*
        }

        impl Rsc {
            /// Every code of the table, in the table's order.
            pub const ALL: &'static [Rsc] = &[$(Rsc::$variant,)*];

            /// The numeric code (`rsc` in a response primitive, `X-M2M-RSC` over HTTP).
            pub fn code(self) -> u16 {
                match self { $(Rsc::$variant => $code,)* }
            }

            /// The symbolic name as the specifications write it.
            pub fn name(self) -> &'static str {
                match self { $(Rsc::$variant => $name,)* }
            }

            /// The HTTP status code TS-0009 Table 6.3.2-1 maps it to.
            pub fn http_status(self) -> u16 {
                match self { $(Rsc::$variant => $http,)* }
            }

            pub fn from_code(code: u16) -> Option<Rsc> {
                match code { $($code => Some(Rsc::$variant),)* _ => None }
            }
        }
    };
}

rsc_table! {
    Ok = 2000, "OK", 200;
    Deleted = 2002, "DELETED", 200;
    Updated = 2004, "UPDATED", 200;
    Created = 2001, "CREATED", 201;
    Accepted = 1000, "ACCEPTED", 202;
    AcceptedForNonBlockingRequestSynch = 1001, "ACCEPTED for nonBlockingRequestSynch", 202;
    AcceptedForNonBlockingRequestAsynch = 1002, "ACCEPTED for nonBlockingRequestAsynch", 202;
    BadRequest = 4000, "BAD_REQUEST", 400;
    ContentsUnacceptable = 4102, "CONTENTS_UNACCEPTABLE", 400;
    GroupMemberTypeInconsistent = 4110, "GROUP_MEMBER_TYPE_INCONSISTENT", 400;
    InvalidSemantics = 4120, "INVALID_SEMANTICS", 400;
    InvalidTriggerPurpose = 4122, "INVALID_TRIGGER_PURPOSE", 400;
    IllegalTransactionStateTransitionAttempted = 4123, "ILLEGAL_TRANSACTION_STATE_TRANSITION_ATTEMPTED", 400;
    InvalidSparqlQuery = 4143, "INVALID_SPARQL_QUERY", 400;
    MaxNumberOfMemberExceeded = 6010, "MAX_NUMBER_OF_MEMBER_EXCEEDED", 400;
    InvalidCmdtype = 6022, "INVALID_CMDTYPE", 400;
    InvalidArguments = 6023, "INVALID_ARGUMENTS", 400;
    InsufficientArguments = 6024, "INSUFFICIENT_ARGUMENTS", 400;
    SubscriptionCreatorHasNoPrivilege = 4101, "SUBSCRIPTION_CREATOR_HAS_NO_PRIVILEGE", 403;
    OriginatorHasNoPrivilege = 4103, "ORIGINATOR_HAS_NO_PRIVILEGE", 403;
    ReceiverHasNoPrivilege = 5105, "RECEIVER_HAS_NO_PRIVILEGE", 403;
    TargetNotSubscribable = 5203, "TARGET_NOT_SUBSCRIBABLE", 403;
    SubscriptionHostHasNoPrivilege = 5205, "SUBSCRIPTION_HOST_HAS_NO_PRIVILEGE", 403;
    OriginatorNotAuthenticated = 4106, "ORIGINATOR_NOT_AUTHENTICATED", 403;
    SecurityAssociationRequired = 4107, "SECURITY_ASSOCIATION_REQUIRED", 403;
    InvalidChildResourceType = 4108, "INVALID_CHILD_RESOURCE_TYPE", 403;
    NoMembers = 4109, "NO_MEMBERS", 403;
    EsprimUnsupportedOption = 4111, "ESPRIM_UNSUPPORTED_OPTION", 403;
    EsprimUnknownKeyId = 4112, "ESPRIM_UNKNOWN_KEY_ID", 403;
    EsprimUnknownOrigRandId = 4113, "ESPRIM_UNKNOWN_ORIG_RAND_ID", 403;
    EsprimUnknownRecvRandId = 4114, "ESPRIM_UNKNOWN_RECV_RAND_ID", 403;
    EsprimBadMac = 4115, "ESPRIM_BAD_MAC", 403;
    EsprimImpersonationError = 4116, "ESPRIM_IMPERSONATION_ERROR", 403;
    OriginatorHasAlreadyRegistered = 4117, "ORIGINATOR_HAS_ALREADY_REGISTERED", 403;
    AppRuleValidationFailed = 4126, "APP_RULE_VALIDATION_FAILED", 403;
    OperationDeniedByRemoteEntity = 4127, "OPERATION_DENIED_BY_REMOTE_ENTITY", 403;
    DiscoveryDeniedByIpe = 5208, "DISCOVERY_DENIED_BY_IPE", 403;
    TargetHasNoSessionCapability = 5214, "TARGET_HAS_NO_SESSION_CAPABILITY", 403;
    SessionIsOnline = 5215, "SESSION_IS_ONLINE", 403;
    TriggeringDisabledForRecipient = 5218, "TRIGGERING_DISABLED_FOR_RECIPIENT", 403;
    TransactionProcessingIsIncomplete = 5222, "TRANSACTION_PROCESSING_IS_INCOMPLETE", 403;
    NotFound = 4004, "NOT_FOUND", 404;
    OntologyNotAvailable = 4118, "ONTOLOGY_NOT_AVAILABLE", 404;
    LinkedSemanticsNotAvailable = 4119, "LINKED_SEMANTICS_NOT_AVAILABLE", 404;
    MashupMemberNotFound = 4121, "MASHUP_MEMBER_NOT_FOUND", 404;
    TargetNotReachable = 5103, "TARGET_NOT_REACHABLE", 404;
    RemoteEntityNotReachable = 5107, "REMOTE_ENTITY_NOT_REACHABLE", 404;
    ExternalObjectNotReachable = 6003, "EXTERNAL_OBJECT_NOT_REACHABLE", 404;
    ExternalObjectNotFound = 6005, "EXTERNAL_OBJECT_NOT_FOUND", 404;
    OperationNotAllowed = 4005, "OPERATION_NOT_ALLOWED", 405;
    NotAcceptable = 5207, "NOT_ACCEPTABLE", 406;
    GroupRequestIdentifierExists = 4104, "GROUP_REQUEST_IDENTIFIER_EXISTS", 409;
    Conflict = 4105, "CONFLICT", 409;
    BlockingSubscriptionAlreadyExists = 4124, "BLOCKING_SUBSCRIPTION_ALREADY_EXISTS", 409;
    AlreadyExists = 5106, "ALREADY_EXISTS", 409;
    UnableToReplaceRequest = 5219, "UNABLE_TO_REPLACE_REQUEST", 409;
    UnableToRecallRequest = 5220, "UNABLE_TO_RECALL_REQUEST", 409;
    AlreadyComplete = 6028, "ALREADY_COMPLETE", 409;
    MgmtCommandNotCancellable = 6029, "MGMT_COMMAND_NOT_CANCELLABLE", 409;
    UnsupportedMediaType = 4015, "UNSUPPORTED_MEDIA_TYPE", 415;
    InternalServerError = 5000, "INTERNAL_SERVER_ERROR", 500;
    SubscriptionVerificationInitiationFailed = 5204, "SUBSCRIPTION_VERIFICATION_INITIATION_FAILED", 500;
    GroupMembersNotResponded = 5209, "GROUP_MEMBERS_NOT_RESPONDED", 500;
    EsprimDecryptionError = 5210, "ESPRIM_DECRYPTION_ERROR", 500;
    EsprimEncryptionError = 5211, "ESPRIM_ENCRYPTION_ERROR", 500;
    SparqlUpdateError = 5212, "SPARQL_UPDATE_ERROR", 500;
    JoinMulticastGroupFailed = 5216, "JOIN_MULTICAST_GROUP_FAILED", 500;
    LeaveMulticastGroupFailed = 5217, "LEAVE_MULTICAST_GROUP_FAILED", 500;
    CrossResourceOperationFailure = 5221, "CROSS_RESOURCE_OPERATION_FAILURE", 500;
    MgmtSessionCannotBeEstablished = 6020, "MGMT_SESSION_CANNOT_BE_ESTABLISHED", 500;
    MgmtSessionEstablishmentTimeout = 6021, "MGMT_SESSION_ESTABLISHMENT_TIMEOUT", 500;
    MgmtConversionError = 6025, "MGMT_CONVERSION_ERROR", 500;
    MgmtCancellationFailed = 6026, "MGMT_CANCELLATION_FAILED", 500;
    ReleaseVersionNotSupported = 4001, "RELEASE_VERSION_NOT_SUPPORTED", 501;
    SpecializationSchemaNotFound = 4125, "SPECIALIZATION_SCHEMA_NOT_FOUND", 501;
    NotImplemented = 5001, "NOT_IMPLEMENTED", 501;
    NonBlockingSynchRequestNotSupported = 5206, "NON_BLOCKING_SYNCH_REQUEST_NOT_SUPPORTED", 501;
    RequestTimeout = 4008, "REQUEST_TIMEOUT", 504;
    ExternalObjectNotReachableBeforeRqetTimeout = 6030, "EXTERNAL_OBJECT_NOT_REACHABLE_BEFORE_RQET_TIMEOUT", 504;
    ExternalObjectNotReachableBeforeOetTimeout = 6031, "EXTERNAL_OBJECT_NOT_REACHABLE_BEFORE_OET_TIMEOUT", 504;
}

impl Rsc {
    /// 1xxx: accepted, the outcome comes later.
    pub fn is_accepted(self) -> bool {
        (1000..2000).contains(&self.code())
    }

    /// 2xxx.
    pub fn is_success(self) -> bool {
        (2000..3000).contains(&self.code())
    }
}

impl std::fmt::Display for Rsc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.code(), self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TS_0009: &str =
        include_str!("../../../../shared/spec/onem2m/TS-0009-v3.9.1-http-binding.md");

    /// The rows of Table 6.3.2-1 as (code, name, HTTP status) read from the spec text.
    fn spec_rows() -> Vec<(u16, String, u16)> {
        let start = TS_0009
            .find("Table 6.3.2-1: Status Code Mapping")
            .expect("the table");
        let end = start + TS_0009[start..].find("### 6.3.3").expect("the table's end");
        TS_0009[start..end]
            .lines()
            .filter_map(|line| {
                let cells: Vec<&str> = line
                    .trim()
                    .trim_matches('|')
                    .split('|')
                    .map(str::trim)
                    .collect();
                let [rsc, http] = cells.as_slice() else {
                    return None;
                };
                let (code, rest) = rsc.split_once(' ')?;
                let code: u16 = code.parse().ok()?;
                let name = rest
                    .trim_start_matches('(')
                    .trim_end_matches(')')
                    .to_owned();
                let http: u16 = http.split_once(' ')?.0.parse().ok()?;
                Some((code, name, http))
            })
            .collect()
    }

    #[test]
    fn the_table_is_table_6_3_2_1_row_by_row() {
        let rows = spec_rows();
        assert!(
            rows.len() > 70,
            "the spec table was found: {} rows",
            rows.len()
        );
        assert_eq!(rows.len(), Rsc::ALL.len(), "one entry per spec row");
        for (row, rsc) in rows.iter().zip(Rsc::ALL) {
            assert_eq!(
                (row.0, row.1.as_str(), row.2),
                (rsc.code(), rsc.name(), rsc.http_status())
            );
            assert_eq!(Rsc::from_code(row.0), Some(*rsc));
        }
    }

    #[test]
    fn codes_outside_the_table_are_unknown() {
        assert_eq!(Rsc::from_code(4999), None);
        assert_eq!(Rsc::from_code(0), None);
        assert!(Rsc::Created.is_success() && !Rsc::Created.is_accepted());
        assert_eq!(
            Rsc::OriginatorHasNoPrivilege.to_string(),
            "4103 (ORIGINATOR_HAS_NO_PRIVILEGE)"
        );
    }
}
