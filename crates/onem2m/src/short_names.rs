//! Short names (TS-0004 8.2): primitive parameters (Table 8.2.2-1), resource attributes
//! (Tables 8.2.3-1 to 8.2.3-6) and complex data type members (Table 8.2.5-1), as the JSON
//! serialization uses them. Tests check every table row by row against the spec text.

/// Table 8.2.2-1: (XSD long name, short name).
pub const PRIMITIVE_PARAMETERS: &[(&str, &str)] = &[
    ("operation", "op"),
    ("to", "to"),
    ("from", "fr"),
    ("requestIdentifier", "rqi"),
    ("resourceType", "ty"),
    ("primitiveContent", "pc"),
    ("roleIDs", "rids"),
    ("originatingTimestamp", "ot"),
    ("requestExpirationTimestamp", "rqet"),
    ("resultExpirationTimestamp", "rset"),
    ("operationExecutionTime", "oet"),
    ("responseType", "rt"),
    ("resultPersistence", "rp"),
    ("resultContent", "rcn"),
    ("eventCategory", "ec"),
    ("deliveryAggregation", "da"),
    ("groupRequestIdentifier", "gid"),
    ("filterCriteria", "fc"),
    ("desiredIdentifierResultType", "drt"),
    ("responseStatusCode", "rsc"),
    ("tokens", "tkns"),
    ("tokenIDs", "tids"),
    ("tokenRequestIndicator", "tqi"),
    ("localTokenIDs", "ltids"),
    ("groupRequestTargetMembers", "grtm"),
    ("assignedTokenIdentifiers", "ati"),
    ("tokenRequestInformation", "tqf"),
    ("contentStatus", "cnst"),
    ("contentOffset", "cnot"),
    ("authorSignIndicator", "asi"),
    ("authorSignReqInfo", "asri"),
    ("authorSigns", "aus"),
    ("authorRelIndicator", "auri"),
    ("semanticQueryIndicator", "sqi"),
    ("releaseVersionIndicator", "rvi"),
    ("vendorInformation", "vsi"),
];

/// Tables 8.2.3-1 to 8.2.3-6: (attribute name, the resource types it occurs in, short name).
pub const RESOURCE_ATTRIBUTES: &[(&str, &str, &str)] = &[
    (
        "accessControlPolicyIDs",
        "All except accessControlPolicy, contentInstance",
        "acpi",
    ),
    (
        "announcedAttribute",
        "accessControlPolicy, AE, container, contentInstance, group, locationPolicy, mgmtObj, node, remoteCSE, schedule, semanticDescriptor",
        "aa",
    ),
    (
        "announceTo",
        "accessControlPolicy, AE, container, contentInstance, group, locationPolicy, mgmtObj, node, remoteCSE, schedule, semanticDescriptor",
        "at",
    ),
    ("creationTime", "All", "ct"),
    (
        "expirationTime",
        "All except contentInstance, CSEBase",
        "et",
    ),
    ("labels", "All (optional)", "lbl"),
    ("lastModifiedTime", "All", "lt"),
    ("link", "All", "lnk"),
    ("parentID", "All", "pi"),
    ("resourceID", "All", "ri"),
    ("resourceType", "All", "ty"),
    (
        "stateTag",
        "container, contentInstance, delivery, request, flexContainer",
        "st",
    ),
    ("resourceName", "All", "rn"),
    ("privileges", "accessControlPolicy", "pv"),
    ("selfPrivileges", "accessControlPolicy", "pvs"),
    (
        "authorizationDecisionResourceIDs",
        "accessControlPolicy",
        "adri",
    ),
    (
        "authorizationPolicyResourceIDs",
        "accessControlPolicy",
        "apri",
    ),
    (
        "authorizationInformationResourceIDs",
        "accessControlPolicy",
        "airi",
    ),
    ("App-ID", "AE", "api"),
    ("AE-ID", "AE", "aei"),
    ("AE-IDList", "AEContactListPerCSE", "ail"),
    ("appName", "AE", "apn"),
    ("pointOfAccess", "AE, CSEBase, remoteCSE", "poa"),
    (
        "ontologyRef",
        "AE, container, contentInstance, semanticDescriptor. flexContainer, timeSeries",
        "or",
    ),
    ("nodeLink", "AE, CSEBase, remoteCSE, flexContainer", "nl"),
    ("contentSerialization", "AE", "csz"),
    ("registrationStatus", "AE", "regs"),
    ("trackRegistrationPoints", "AE", "trps"),
    ("sessionCapabilities", "AE", "scp"),
    ("activityPatternElements", "AE, remoteCSE", "ape"),
    ("triggerEnable", "AE, remoteCSE", "tren"),
    (
        "creator",
        "container, contentInstance, eventConfig, group, pollingChannel, statsCollect, statsConfig, subscription, semanticDescriptor, notificationTargetPolicy, flexContainer, timeSeries, crossResourceSubscription, backgroundDataTransfer",
        "cr",
    ),
    ("maxNrOfInstances", "container, timeSeries", "mni"),
    ("maxByteSize", "container, timeSeries", "mbs"),
    ("maxInstanceAge", "container, timeSeries", "mia"),
    ("currentNrOfInstances", "container, timeSeries", "cni"),
    ("currentByteSize", "container", "cbs"),
    ("locationID", "container", "li"),
    ("disableRetrieval", "container", "disr"),
    ("contentInfo", "contentInstance, timeSeries", "cnf"),
    ("contentSize", "contentInstance, timeSeriesInstance", "cs"),
    ("contentRef", "contentInstance", "conr"),
    ("containerDefinition", "flexContainer", "cnd"),
    ("primitiveContent", "request", "pc"),
    ("content", "contentInstance, timeSeriesInstance", "con"),
    ("cseType", "CSEBase, remoteCSE", "cst"),
    (
        "CSE-ID",
        "CSEBase, remoteCSE, service SubscribedNode, AEContactListPerCSE",
        "csi",
    ),
    ("supportedResourceType", "CSEBase", "srt"),
    ("notificationCongestionPolicy", "CSEBase", "ncp"),
    ("source", "delivery", "sr"),
    ("target", "delivery, request", "tg"),
    ("lifespan", "delivery", "ls"),
    ("eventCat", "delivery", "ec"),
    ("deliveryMetaData", "delivery", "dmd"),
    ("aggregatedRequest", "delivery", "arq"),
    ("eventID", "eventConfig, statsCollect", "evi"),
    ("eventType", "eventConfig", "evt"),
    ("evenStart", "eventConfig", "evs"),
    ("eventEnd", "eventConfig", "eve"),
    ("operationType", "eventConfig", "opt"),
    ("dataSize", "eventConfig", "ds"),
    ("eventResourceTypes", "eventConfig", "erts"),
    ("eventResourceIDs", "eventConfig", "eris"),
    ("execStatus", "execInstance", "exs"),
    ("execResult", "execInstance", "exr"),
    ("execDisable", "execInstance", "exd"),
    ("execTarget", "execInstance, mgmtCmd", "ext"),
    ("execMode", "execInstance, mgmtCmd", "exm"),
    ("execFrequency", "execInstance, mgmtCmd", "exf"),
    ("execDelay", "execInstance, mgmtCmd", "exy"),
    ("execNumber", "execInstance, mgmtCmd", "exn"),
    ("execReqArgs", "execInstance, mgmtCmd", "exra"),
    ("execEnable", "mgmtCmd", "exe"),
    ("memberType", "group", "mt"),
    ("specializationType", "group", "spty"),
    ("currentNrOfMembers", "group", "cnm"),
    ("maxNrOfMembers", "group", "mnm"),
    ("memberIDs", "group, backgroundDataTransfer", "mid"),
    ("membersAccessControlPolicyIDs", "group", "macp"),
    ("memberTypeValidated", "group", "mtv"),
    ("consistencyStrategy", "group", "csy"),
    ("semanticSupportIndicator", "group", "ssi"),
    ("notifyAggregation", "group", "nar"),
    ("groupName", "group, subscription", "gn"),
    ("locationSource", "locationPolicy", "los"),
    ("locationUpdatePeriod", "locationPolicy", "lou"),
    ("locationTargetID", "locationPolicy", "lot"),
    ("locationServer", "locationPolicy", "lor"),
    ("locationContainerID", "locationPolicy", "loi"),
    ("locationContainerName", "locationPolicy", "lon"),
    ("locationStatus", "locationPolicy", "lost"),
    ("authID", "locationPolicy", "aid"),
    ("retrieveLastKnownLocation", "locationPolicy", "rlkl"),
    ("locationUpdateEventCriteria", "locationPolicy", "luec"),
    ("locationInformationType", "locationPolicy", "lit"),
    ("geographicalTargetArea", "locationPolicy", "gta"),
    ("geofenceEventCriteria", "locationPolicy", "gec"),
    (
        "description",
        "mgmtCmd, mgmtObj, all management resources from firmware, ontology",
        "dc",
    ),
    ("cmdType", "mgmtCmd", "cmt"),
    (
        "mgmtDefinition",
        "mgmtObj, all management resources from firmware",
        "mgd",
    ),
    ("objectIDs", "mgmtObj", "obis"),
    ("objectPaths", "mgmtObj", "obps"),
    ("mgmtSchema", "mgmtObj", "mgs"),
    ("nodeID", "node", "ni"),
    ("hostedCSELink", "node", "hcl"),
    ("mgmtClientAddress", "node", "mgca"),
    ("hostedAELinks", "node", "hael"),
    ("hostedServiceLinks", "node", "hsl"),
    ("networkID", "node", "nid"),
    ("roamingStatus", "node", "rms"),
    ("CSEBase", "remoteCSE", "cb"),
    (
        "M2M-Ext-ID",
        "remoteCSE, AE, locationPolicy, triggerRequest",
        "mei",
    ),
    (
        "Trigger-Recipient-ID",
        "remoteCSE, triggerRequest, AE",
        "tri",
    ),
    ("requestReachability", "remoteCSE", "rr"),
    ("triggerReferenceNumber", "remoteCSE, AE", "trn"),
    ("descendantCSEs", "remoteCSE", "dcse"),
    ("multicastCapability", "remoteCSE", "mtcc"),
    ("originator", "request", "org"),
    ("metaInformation", "request", "mi"),
    ("requestStatus", "request", "rs"),
    ("operationResult", "request", "ors"),
    ("operation", "request", "op"),
    ("requestID", "request", "rid"),
    ("scheduleElement", "schedule", "se"),
    ("networkCoordinated", "schedule", "nco"),
    ("deviceIdentifier", "serviceSubscribedNode", "di"),
    ("ruleLinks", "serviceSubscribedNode", "rlk"),
    ("niddRequired", "serviceSubscribedNode", "nrq"),
    ("statsCollectID", "statsCollect", "sci"),
    ("collectingEntityID", "statsCollect", "cei"),
    ("collectedEntityID", "statsCollect", "cdi"),
    ("devStatus", "areaNwkDeviceInfo", "ss"),
    ("statsRuleStatus", "statsCollect", "srs"),
    ("statModel", "statsCollect", "sm"),
    ("collectPeriod", "statsCollect", "cp"),
    ("eventNotificationCriteria", "subscription", "enc"),
    (
        "expirationCounter",
        "subscription, crossResourceSubscription",
        "exc",
    ),
    (
        "notificationURI",
        "subscription, crossResourceSubscription",
        "nu",
    ),
    ("groupID", "subscription", "gpi"),
    ("notificationForwardingURI", "subscription", "nfu"),
    ("batchNotify", "subscription", "bn"),
    ("rateLimit", "subscription", "rl"),
    ("preSubscriptionNotify", "subscription", "psn"),
    ("pendingNotification", "subscription", "pn"),
    ("notificationStoragePriority", "subscription", "nsp"),
    ("latestNotify", "subscription", "ln"),
    ("notificationContentType", "subscription", "nct"),
    (
        "notificationEventCat",
        "subscription, crossResourceSubscription",
        "nec",
    ),
    (
        "subscriberURI",
        "subscription, crossResourceSubscription",
        "su",
    ),
    ("version", "firmware, software, token", "vr"),
    ("URL", "firmware, software", "url"),
    ("update", "firmware", "ud"),
    ("updateStatus", "firmware", "uds"),
    ("install", "software", "in"),
    ("uninstall", "software", "un"),
    ("installStatus", "software", "ins"),
    ("activate", "software", "act"),
    ("deactivate", "software", "dea"),
    ("activeStatus", "software, areaNwkInfo", "acts"),
    ("memAvailable", "memory", "mma"),
    ("memTotal", "memory", "mmt"),
    ("areaNwkType", "areaNwkInfo", "ant"),
    ("listOfDevices", "areaNwkInfo", "ldv"),
    ("devId", "areaNwkDeviceInfo", "dvd"),
    ("devType", "areaNwkDeviceInfo", "dvt"),
    ("areaNwkId", "areaNwkDeviceInfo", "awi"),
    ("sleepInterval", "areaNwkDeviceInfo", "sli"),
    ("sleepDuration", "areaNwkDeviceInfo", "sld"),
    ("listOfNeighbors", "areaNwkDeviceInfo", "lnh"),
    ("batteryLevel", "battery", "btl"),
    ("batteryStatus", "battery", "bts"),
    ("deviceLabel", "deviceInfo", "dlb"),
    ("manufacturer", "deviceInfo", "man"),
    ("model", "deviceInfo", "mod"),
    ("deviceType", "deviceInfo", "dty"),
    ("fwVersion", "deviceInfo", "fwv"),
    ("swVersion", "deviceInfo", "swv"),
    ("hwVersion", "deviceInfo", "hwv"),
    ("manufacturerDetailsLink", "deviceInfo", "mfdl"),
    ("manufacturingDate", "deviceInfo", "mfd"),
    ("subModel", "deviceInfo", "smod"),
    ("deviceName", "deviceInfo", "dvnm"),
    ("osVersion", "deviceInfo", "osv"),
    ("country", "deviceInfo", "cnty"),
    ("location", "deviceInfo", "loc"),
    ("systemTime", "deviceInfo", "syst"),
    ("supportURL", "deviceInfo", "spur"),
    ("presentationURL", "deviceInfo", "purl"),
    ("protocol", "deviceInfo", "ptl"),
    ("capabilityName", "deviceCapability", "can"),
    ("attached", "deviceCapability", "att"),
    ("capabilityActionStatus", "deviceCapability", "cas"),
    ("enable", "deviceCapability, allJoynSvcObject", "ena"),
    ("disable", "deviceCapability", "dis"),
    ("currentState", "deviceCapability", "cus"),
    ("reboot", "reboot", "rbo"),
    ("factoryReset", "reboot", "far"),
    ("logTypeId", "eventLog", "lgt"),
    ("logData", "eventLog", "lgd"),
    ("logStatus", "eventLog", "lgst"),
    ("logStart", "eventLog", "lga"),
    ("logStop", "eventLog", "lgo"),
    ("firmwareName", "firmware", "fwn"),
    ("softwareName", "software", "swn"),
    ("cmdhPolicyName", "cmdhPolicy", "cpn"),
    (
        "mgmtLink",
        "cmdhPolicy, activeCmdhPolicy, cmdhDefaults, cmdhNetworkAccessRules, cmdhNwAccessRule",
        "cmlk",
    ),
    ("activeCmdhPolicyLink", "activeCmdhPolicy", "acmlk"),
    ("order", "cmdhDefEcValue, cmdhLimits", "od"),
    ("defEcValue", "cmdhDefEcValue", "dev"),
    ("requestOrigin", "cmdhDefEcValue, cmdhLimits", "ror"),
    ("requestContext", "cmdhDefEcValue, cmdhLimits", "rct"),
    (
        "requestContextNotification",
        "cmdhDefEcValue, cmdhLimits",
        "rctn",
    ),
    (
        "requestCharacteristics",
        "cmdhDefEcValue, cmdhLimits",
        "rch",
    ),
    (
        "applicableEventCategories",
        "cmdhNetworkAccessRules",
        "aecs",
    ),
    (
        "applicableEventCategory",
        "cmdhEcDefParamValues, cmdhBuffer",
        "aec",
    ),
    ("defaultRequestExpTime", "cmdhEcDefParamValues", "dqet"),
    ("defaultResultExpTime", "cmdhEcDefParamValues", "dset"),
    ("defaultOpExecTime", "cmdhEcDefParamValues", "doet"),
    ("defaultRespPersistence", "cmdhEcDefParamValues", "drp"),
    ("defaultDelAggregation", "cmdhEcDefParamValues", "dda"),
    ("limitsEventCategory", "cmdhLimits", "lec"),
    ("limitsRequestExpTime", "cmdhLimits", "lqet"),
    ("limitsResultExpTime", "cmdhLimits", "lset"),
    ("limitsOpExecTime", "cmdhLimits", "loet"),
    ("limitsRespPersistence", "cmdhLimits", "lrp"),
    ("limitsDelAggregation", "cmdhLimits", "lda"),
    ("targetNetwork", "cmdhNwAccessRule", "ttn"),
    ("minReqVolume", "cmdhNwAccessRule", "mrv"),
    ("spreadingWaitTime", "cmdhNwAccessRule", "swt"),
    ("backOffParameters", "cmdhNwAccessRule", "bop"),
    ("otherConditions", "cmdhNwAccessRule", "ohc"),
    ("maxBufferSize", "cmdhBuffer", "mbfs"),
    ("storagePriority", "cmdhBuffer", "sgp"),
    ("applicableCredIDs", "serviceSubscribedAppRule", "apci"),
    ("allowedApp-IDs", "serviceSubscribedAppRule", "aai"),
    ("allowedAEs", "serviceSubscribedAppRule", "aae"),
    ("allowedRole-IDs", "serviceSubscribedAppRule", "ari"),
    (
        "notificationTargetURI",
        "notificationTargetMgmtPolicyRef",
        "ntu",
    ),
    (
        "notificationPolicyID",
        "notificationTargetMgmtPolicyRef",
        "npi",
    ),
    ("action", "notificationTargetPolicy", "acn"),
    ("policyLabel", "notificationTargetPolicy", "plbl"),
    ("rulesRelationship", "notificationTargetPolicy", "rrs"),
    ("creator", "notificationTargetPolicy", "cr"),
    ("deletionRules", "policyDeletionRules", "dr"),
    ("deletionRulesRelation", "policyDeletionRules", "drr"),
    (
        "dynamicAuthorizationConsultationIDs",
        "All resources having an accessControlPolicyID attribute",
        "daci",
    ),
    (
        "dynamicAuthorizationEnabled",
        "dynamicAuthorizationConsultation",
        "dae",
    ),
    (
        "dynamicAuthorizationPoA",
        "dynamicAuthorizationConsultation",
        "dap",
    ),
    (
        "dynamicAuthorizationLifetime",
        "dynamicAuthorizationConsultation",
        "dal",
    ),
    ("descriptorRepresentation", "semanticDescriptor", "dcrp"),
    ("semanticOpExec", "semanticDescriptor", "soe"),
    ("descriptor", "semanticDescriptor", "dsp"),
    ("relatedSemantics", "semanticDescriptor", "rels"),
    ("semanticValidated", "semanticDescriptor", "svd"),
    ("validationEnable", "semanticDescriptor", "vlde"),
    ("periodicInterval", "timeSeries", "pei"),
    ("periodicIntervalDelta", "timeSeries", "peid"),
    ("missingDataDetect", "timeSeries", "mdd"),
    ("missingDataMaxNr", "timeSeries", "mdn"),
    ("missingDataList", "timeSeries", "mdlt"),
    ("missingDataCurrentNr", "timeSeries", "mdc"),
    ("missingDataDetectTimer", "timeSeries", "mdt"),
    ("dataGenerationTime", "timeSeriesInstance", "dgt"),
    ("sequenceNr", "timeSeriesInstance", "snr"),
    ("roleID", "role", "rlid"),
    ("roleName", "role", "rlnm"),
    ("tokenLink", "role", "rltl"),
    ("tokenID", "token", "tkid"),
    ("tokenObject", "token", "tkob"),
    ("issuer", "token, role", "tkis"),
    ("holder", "token, role", "tkhd"),
    ("notBefore", "token, role", "tknb"),
    ("notAfter", "token, role", "tkna"),
    ("tokenName", "token", "tknm"),
    ("audience", "token", "tkau"),
    ("permissions", "token", "tkps"),
    ("extension", "token", "tkex"),
    ("e2eSecInfo", "CSEBase, remoteCSE, AE", "esi"),
    ("supportedReleaseVersions", "CSEBase, remoteCSE, AE", "srv"),
    ("direction", "allJoynApp", "dir"),
    ("objectPath", "allJoynSvcObject", "ajop"),
    ("interfaceIntrospectXmlRef", "allJoynInterface", "ajir"),
    ("input", "allJoynMethodCall", "inp"),
    ("callStatus", "allJoynMethodCall", "clst"),
    ("output", "allJoynMethodCall", "out"),
    ("currentValue", "allJoynProperty", "crv"),
    ("requestedValue", "allJoynProperty", "rqv"),
    ("decision", "authorizationDecision", "dec"),
    (
        "status",
        "authorizationDecision, authorizationPolicy, authorizationInformation",
        "sus",
    ),
    ("to", "authorizationDecision, authorizationPolicy", "to"),
    (
        "from",
        "authorizationDecision, authorizationInformation",
        "fr",
    ),
    ("requestedResourceType", "authorizationDecision", "rrt"),
    ("operation", "authorizationDecision", "op"),
    ("filterUsage", "authorizationDecision", "fu"),
    (
        "roleIDs",
        "authorizationDecision, authorizationInformation",
        "rids",
    ),
    (
        "tokenIDs",
        "authorizationDecision, authorizationInformation",
        "tids",
    ),
    ("tokens", "authorizationDecision", "tkns"),
    ("requestTime", "authorizationDecision", "rtm"),
    ("originatorLocation", "authorizationDecision", "olo"),
    ("originatorIP", "authorizationDecision", "oip"),
    ("policies", "authorizationPolicy", "ps"),
    ("combiningAlgorithm", "authorizationPolicy", "ca"),
    ("ontologyFormat", "ontology", "ontf"),
    ("ontologyContent", "ontology", "ontc"),
    ("memberFilter", "semanticMashupJobProfile", "mbft"),
    ("smiID", "semanticMashupJobProfile", "miid"),
    ("inputDescriptor", "semanticMashupJobProfile", "iptd"),
    ("outputDescriptor", "semanticMashupJobProfile", "uptd"),
    ("functionDescriptor", "semanticMashupJobProfile", "fucd"),
    ("smjpID", "semanticMashupInstance", "mjid"),
    (
        "smjpInputParameter",
        "semanticMashupInstance, semanticMashupResult",
        "jpin",
    ),
    ("memberStoreType", "semanticMashupInstance", "mst"),
    ("mashupMember", "semanticMashupInstance", "msm"),
    ("resultGenType", "semanticMashupInstance", "rgt"),
    ("periodForResultGen", "semanticMashupInstance", "prg"),
    ("mashupResultFormat", "semanticMashupResult", "mrf"),
    ("mashupResult", "semanticMashupResult", "mrt"),
    ("numberImpactedCSEs", "AEContactList", "nic"),
    ("externalGroupID", "LocalMulticastGroup, remoteCSE", "egid"),
    ("multicastAddress", "LocalMulticastGroup", "mad"),
    ("multicastGroupFanoutTarget", "LocalMulticastGroup", "mgft"),
    ("memberList", "LocalMulticastGroup", "mli"),
    ("responseTarget", "LocalMulticastGroup", "rstt"),
    ("responseTimeWindow", "LocalMulticastGroup", "rstw"),
    ("TMGI", "LocalMulticastGroup", "tmgi"),
    ("sessionOriginatorID", "multimediaSession", "soi"),
    ("acceptedSessionDescriptions", "multimediaSession", "asd"),
    ("offeredSessionDescriptions", "multimediaSession", "osd"),
    ("sessionState", "multimediaSession", "sst"),
    ("triggerPurpose", "triggerRequest", "tpe"),
    ("triggerStatus", "triggerRequest", "tst"),
    ("triggerValidityTime", "triggerRequest", "tvt"),
    ("triggerInfoAE-ID", "triggerRequest", "tiae"),
    ("triggerInfoAddress", "triggerRequest", "tia"),
    ("triggerInfoOperation", "triggerRequest", "tio"),
    ("targetedResourceType", "triggerRequest", "tirt"),
    ("triggerReference", "triggerRequest", "trf"),
    (
        "regularResourcesAsTarget",
        "crossResourceSubscription",
        "rrat",
    ),
    (
        "subscriptionResourcesAsTarget",
        "crossResourceSubscription",
        "srat",
    ),
    (
        "regularResourcesAsTargetSubscriptions",
        "crossResourceSubscription",
        "rrats",
    ),
    ("timeWindowType", "crossResourceSubscription", "twt"),
    ("timeWindowSize", "crossResourceSubscription", "tws"),
    (
        "eventNotificationCriteriaSet",
        "crossResourceSubscription",
        "encs",
    ),
    ("associatedCrossResourceSub", "subscription", "acrs"),
    ("volumePerNode", "backgroundDataTransfer", "vpn"),
    ("numberOfNodes", "backgroundDataTransfer", "non"),
    ("desiredTimeWindow", "backgroundDataTransfer", "dtw"),
    ("transferSelectionGuidance", "backgroundDataTransfer", "tsg"),
    ("geographicInformation", "backgroundDataTransfer", "ggi"),
    ("groupLink", "backgroundDataTransfer", "gli"),
    (
        "transactionLockTime",
        "transactionMgmt, transaction",
        "tltm",
    ),
    (
        "transactionExecuteTime",
        "transactionMgmt, transaction",
        "text",
    ),
    (
        "transactionCommitTime",
        "transactionMgmt, transaction",
        "tct",
    ),
    ("transactionExpirationTime", "transactionMgmt", "tept"),
    ("transactionMode", "transactionMgmt", "tmd"),
    (
        "transactionLockType",
        "transactionMgmt, transaction",
        "tltp",
    ),
    ("transactionControl", "transactionMgmt, transaction", "tctl"),
    ("transactionState", "transactionMgmt, transaction", "trst"),
    ("transactionMaxRetries", "transactionMgmt", "tmr"),
    ("transactionMgmtHandling", "transactionMgmt", "tmh"),
    ("requestPrimitives", "transactionMgmt", "rqps"),
    ("responsePrimitives", "transactionMgmt", "rsps"),
    ("transactionID", "transaction", "tid"),
];

/// Table 8.2.5-1: (member name, the data types it occurs in, short name).
pub const COMPLEX_TYPE_MEMBERS: &[(&str, &str, &str)] = &[
    (
        "createdBefore",
        "filterCriteria, eventNotificationCriteria",
        "crb",
    ),
    (
        "createdAfter",
        "filterCriteria, eventNotificationCriteria",
        "cra",
    ),
    (
        "modifiedSince",
        "filterCriteria, eventNotificationCriteria",
        "ms",
    ),
    (
        "unmodifiedSince",
        "filterCriteria, eventNotificationCriteria",
        "us",
    ),
    (
        "stateTagSmaller",
        "filterCriteria, eventNotificationCriteria",
        "sts",
    ),
    (
        "stateTagBigger",
        "filterCriteria, eventNotificationCriteria",
        "stb",
    ),
    (
        "expireBefore",
        "filterCriteria, eventNotificationCriteria",
        "exb",
    ),
    (
        "expireAfter",
        "filterCriteria, eventNotificationCriteria",
        "exa",
    ),
    ("labels", "filterCriteria, eventNotificationCriteria", "lbl"),
    ("labelsQuery", "filterCriteria", "lbq"),
    (
        "resourceType",
        "filterCriteria, accessControlObjectDetails",
        "ty",
    ),
    (
        "sizeAbove",
        "filterCriteria, eventNotificationCriteria",
        "sza",
    ),
    (
        "sizeBelow",
        "filterCriteria, eventNotificationCriteria",
        "szb",
    ),
    ("contentType", "filterCriteria", "cty"),
    ("limit", "filterCriteria", "lim"),
    (
        "attribute",
        "filterCriteria, eventNotificationCriteria",
        "atr",
    ),
    ("contentFilterSyntax", "filterCriteria", "cfs"),
    ("contentFilterQuery", "filterCriteria", "cfq"),
    ("level", "filterCriteria", "lvl"),
    ("offset", "filterCriteria", "ofst"),
    (
        "notificationEventType",
        "eventNotificationCriteria, notificationEvent",
        "net",
    ),
    (
        "operationMonitor",
        "eventNotificationCriteria, notificationEvent",
        "om",
    ),
    ("representation", "notificationEvent", "rep"),
    ("filterUsage", "filterCriteria", "fu"),
    ("eventCatType", "eventCat", "ect"),
    ("eventCatNo", "eventCat", "ecn"),
    ("number", "batchNotify, missingData", "num"),
    ("duration", "batchNotify, missingData", "dur"),
    (
        "notification",
        "aggregatedNotification, <br>Request Primitive Content",
        "sgn",
    ),
    ("notificationEvent", "notification", "nev"),
    ("verificationRequest", "notification", "vrq"),
    ("subscriptionDeletion", "notification", "sud"),
    ("subscriptionReference", "notification", "sur"),
    ("creator", "notification", "cr"),
    ("notificationForwardingURI", "notification", "nfu"),
    ("notificationTarget", "notification", "ntt"),
    ("targetRemovalRequest", "notification", "trr"),
    ("targetRemovalAllowance", "notification", "tra"),
    ("IPEDiscoveryRequest", "notification", "idr"),
    ("AERegistrationPointChange", "notification", "aerp"),
    ("AEReferenceIDChange", "notification", "aerid"),
    ("trackingID1", "notification", "tid1"),
    ("trackingID2", "notification", "tid2"),
    ("filterCriteria", "IPEDiscoveryRequest", "fc"),
    ("operation", "operationMonitor, dynAuthDasRequest", "op"),
    ("operations", "operationMonitor", "ops"),
    (
        "originator",
        "operationMonitor, IPEDiscoveryRequest, dynAuthDasRequest",
        "or",
    ),
    ("action", "actionStatus", "acn"),
    ("status", "actionStatus", "sus"),
    (
        "childResource",
        "All except execInstance, announced resource, management resources from firmware",
        "ch",
    ),
    ("accessControlRule", "privileges, selfPrivileges", "acr"),
    ("accessControlOriginators", "accessControlRule", "acor"),
    ("accessControlOperations", "accessControlRule", "acop"),
    ("accessControlContexts", "accessControlRule", "acco"),
    ("accessControWindow", "accessControlContexts", "actw"),
    ("accessControlIpAddresses", "accessControlContexts", "acip"),
    ("ipv4Addresses", "accessControlIpAddress", "ipv4"),
    ("ipv6Addresses", "accessControlIpAddress", "ipv6"),
    (
        "accessControlLocationRegion",
        "accessControlContexts",
        "aclr",
    ),
    ("countryCode", "accessControlLocationRegion", "accc"),
    ("circRegion", "accessControlLocationRegion", "accr"),
    (
        "name",
        "attribute, anyArgType, mgmtLinkRef, childResourceRef, contentRef",
        "nm",
    ),
    (
        "specializationType",
        "childResourceRef, accessControlObjectDetails",
        "spty",
    ),
    ("containerDefinition", "specializationType", "cnd"),
    ("mgmtDefinition", "specializationType", "mgd"),
    ("value", "attribute", "val"),
    ("type", "anyArgType, childResourceRef, mgmtLinkRef", "typ"),
    ("maxNrOfNotify", "rateLimit", "mnn"),
    ("timeWindow", "rateLimit", "tww"),
    ("scheduleEntry", "scheduleElement", "sce"),
    ("aggregatedNotification", "Request Primitive Content", "agn"),
    ("attributeList", "Request Primitive Content", "atrl"),
    (
        "securityInfo",
        "Request Primitive Content, Response Primitive Content",
        "seci",
    ),
    ("aggregatedResponse", "Response Primitive Content", "agr"),
    ("resource", "Response Primitive Content", "rce"),
    ("URIList", "Response Primitive Content", "uril"),
    ("debugInfo", "Response Primitive Content", "dbg"),
    ("queryResult", "Response Primitive Content", "qres"),
    (
        "anyArg",
        "resetArgsType, rebootArgsType, uploadArgsType, downloadArgsType, softwareInstallArgsType softwareUpdateArgsType, softwareUninstallArgsType, execReqArgsListType",
        "any",
    ),
    ("fileType", "downloadArgsType", "ftyp"),
    ("URI", "resourceWrapper, dynAuthTokenReqInfo", "uri"),
    ("URL", "downloadArgsType", "url"),
    (
        "username",
        "uploadArgsType, downloadArgsType, softwareUpdateArgsType, softwareUninstallArgsType",
        "unm",
    ),
    (
        "password",
        "uploadArgsType, downloadArgsType, softwareUpdateArgsType, softwareUninstallArgsType",
        "pwd",
    ),
    ("filesize", "downloadArgsType", "fsi"),
    ("targetFile", "downloadArgsType", "tgf"),
    ("delaySeconds", "downloadArgsType", "dss"),
    ("successURL", "downloadArgsType", "surl"),
    ("startTime", "downloadArgsType", "stt"),
    ("completeTime", "downloadArgsType", "cpt"),
    (
        "UUID",
        "softwareInstallArgsType softwareUpdateArgsType, softwareUninstallArgsType",
        "uuid",
    ),
    (
        "executionEnvRef",
        "softwareInstallArgsType softwareUpdateArgsType, softwareUninstallArgsType",
        "eer",
    ),
    ("version", "softwareUninstallArgsType, tokenClaimSet", "vr"),
    ("reset", "execReqArgsListType", "rst"),
    ("reboot", "execReqArgsListType", "rbo"),
    ("upload", "execReqArgsListType", "uld"),
    ("download", "execReqArgsListType", "dld"),
    ("softwareInstall", "execReqArgsListType", "swin"),
    ("softwareUpdate", "execReqArgsListType", "swup"),
    ("softwareUninstall", "execReqArgsListType", "swun"),
    ("tracingOption", "deliveryMetaData", "tcop"),
    ("tracingInfo", "deliveryMetaData", "tcin"),
    ("responseTypeValue", "responseTypeInfo", "rtv"),
    ("notificationURI", "responseTypeInfo", "nu"),
    ("timeOfDay", "deletionContexts", "tod"),
    ("locationRegions", "deletionContexts", "lr"),
    ("URIReference", "contentRef", "urir"),
    ("semanticsFilter", "filterCriteria", "smf"),
    ("missingData", "eventNotificationCriteria", "md"),
    (
        "tokenID",
        "tokenClaimSet, dynAuthLocalTokenIdAssignments",
        "tkid",
    ),
    ("holder", "tokenClaimSet", "tkhd"),
    ("issuer", "tokenClaimSet", "tkis"),
    ("notBefore", "tokenClaimSet", "tknb"),
    ("notAfter", "tokenClaimSet", "tkna"),
    ("tokenName", "tokenClaimSet", "tknm"),
    ("audience", "tokenClaimSet", "tkau"),
    ("permissions", "tokenClaimSet", "tkps"),
    ("extension", "tokenClaimSet", "tkex"),
    ("permission", "tokenPermissions", "pm"),
    ("resourceIDs", "tokenPermission", "ris"),
    ("privileges", "tokenPermission, setOfPermissions", "pv"),
    ("roleIDs", "tokenPermission", "rids"),
    (
        "localTokenIdAssignment",
        "dynAuthLocalTokenIdAssignments",
        "ltia",
    ),
    ("localTokenID", "dynAuthLocalTokenIdAssignment", "lti"),
    ("dasInfo", "dynAuthTokenReqInfo", "dasi"),
    ("securedDasRequest", "dynAuthTokenReqInfo", "sdr"),
    (
        "filterOperation",
        "filterCriteria, eventNotificationCriteria",
        "fo",
    ),
    ("targetedResourceType", "dynAuthDasRequest", "trt"),
    ("originatorIP", "dynAuthDasRequest", "oip"),
    ("ipv4Address", "dynAuthDasRequest, ipAddress", "ip4"),
    ("ipv6Address", "dynAuthDasRequest, ipAddress", "ip6"),
    ("originatorLocation", "dynAuthDasRequest", "olo"),
    ("originatorRoleIDs", "dynAuthDasRequest", "orid"),
    ("requestTimestamp", "dynAuthDasRequest", "rts"),
    ("targetedResourceID", "dynAuthDasRequest", "trid"),
    ("proposedPrivilegesLifetime", "dynAuthDasRequest", "ppl"),
    ("roleIDsFromACPs", "dynAuthDasRequest", "rfa"),
    ("tokenIDs", "dynAuthDasRequest", "tids"),
    ("dynamicACPInfo", "dynAuthDasResponse", "dai"),
    ("grantedPrivileges", "dynAuthDasResponse", "gp"),
    ("privilegesLifetime", "dynAuthDasResponse", "pl"),
    ("tokens", "dynAuthDasResponse", "tkns"),
    ("securityInfoType", "securityInfo", "sit"),
    ("dasRequest", "securityInfo, dynAuthTokenReqInfo", "dreq"),
    ("dasResponse", "securityInfo", "dres"),
    ("dynAuthRelMapRequest", "securityInfo", "darq"),
    ("dynAuthRelMapResponse", "securityInfo", "dars"),
    ("esprimRandObject", "securityInfo", "ero"),
    ("esprimObject", "securityInfo", "epo"),
    ("escertkeMessage", "securityInfo", "eckm"),
    ("resourceRef", "listOfChildResourceRef", "rrf"),
    ("resourceRefList", "Response Primitive Content", "rrl"),
    (
        "esprimRandID",
        "originatorESPrimRandObject, receiverESPrimRandObject",
        "esri",
    ),
    (
        "esprimRandValue",
        "originatorESPrimRandObject, receiverESPrimRandObject",
        "esrv",
    ),
    (
        "esprimRandExpiry",
        "originatorESPrimRandObject, receiverESPrimRandObject",
        "esrx",
    ),
    ("esprimKeyGenAlgID", "originatorESPrimRandObject", "esk"),
    ("esprimKeyGenAlgIDs", "receiverESPrimRandObject", "esks"),
    (
        "esprimProtocolAndAlgIDs",
        "originatorESPrimRandObject, receiverESPrimRandObject",
        "espa",
    ),
    ("supportede2ESecFeatures", "e2eSecInfo", "esf"),
    ("certificates", "e2eSecInfo", "escert"),
    ("sharedReceiverESPrimRandObject", "e2eSecInfo", "esro"),
    ("networkAction", "backOffParameters", "nwa"),
    ("initialBackoffTime", "backOffParameters", "ibt"),
    ("additionalBackoffTime", "backOffParameters", "abt"),
    ("maximumBackoffTime", "backOffParameters", "mbt"),
    ("optionalRandomBackoffTime", "backOffParameters", "rbt"),
    ("backOffParametersSet", "backOffParameters", "bops"),
    ("dataLink", "listOfDataLinks", "dali"),
    ("attributeName", "dataLink", "atn"),
    ("dataContainerID", "dataLink", "dcid"),
    (
        "accessControlAuthenticationFlag",
        "accessControlRule",
        "acaf",
    ),
    ("accessControlObjectDetails", "accessControlRule", "acod"),
    ("dataLinkEntry", "listOfDataLinks", "dle"),
    (
        "childResourceType",
        "accessControlObjectDetails, eventNotificationCriteria, filterCriteria",
        "chty",
    ),
    ("parentResourceType", "filterCriteria", "pty"),
    ("childLabels", "filterCriteria", "clbl"),
    ("parentLabels", "filterCriteria", "palb"),
    ("childAttribute", "filterCriteria", "catr"),
    ("parentAttribute", "filterCriteria", "patr"),
    ("applyRelativePath", "filterCriteria", "arp"),
    ("sessionDescription", "sessionDescriptions", "sdc"),
    ("activityPattern", "activityPatternElements", "apt"),
    ("stationaryIndication", "activityPattern", "sti"),
    ("dataSizeIndicator", "activityPattern", "dsi"),
    (
        "eventNotificationCriteriaEntry",
        "eventNotificationCriteriaSet",
        "encn",
    ),
    ("memberURI", "mashupMembers", "muri"),
    ("memberValue", "mashupMembers", "mvl"),
];

/// The short name of a resource attribute (`"resourceName"` → `"rn"`). Where the tables
/// give one name two short names, the first row's wins; callers that need the other pass
/// the short name directly.
pub fn attribute_short_name(name: &str) -> Option<&'static str> {
    RESOURCE_ATTRIBUTES
        .iter()
        .find(|(long, _, _)| *long == name)
        .map(|(_, _, short)| *short)
}

/// The attribute name of a short name (`"rn"` → `"resourceName"`).
pub fn attribute_long_name(short: &str) -> Option<&'static str> {
    RESOURCE_ATTRIBUTES
        .iter()
        .find(|(_, _, s)| *s == short)
        .map(|(long, _, _)| *long)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TS_0004: &str = include_str!(
        "../../../../shared/spec/onem2m/TS-0004-v3.32.0-service-layer-core-protocol.md"
    );

    /// The header and data rows of the table titled `title` (matched from its number on:
    /// the spec writes a no-break space after "Table"), up to `end`, as trimmed cells, one
    /// per true column of the table.
    ///
    /// The markdown conversion doubles some tables' columns: Table 8.2.3-6 has every header
    /// and data cell twice (`| direction | direction | allJoynApp | allJoynApp | dir | dir |`).
    /// A header that repeats a column name in consecutive cells marks such a column; its
    /// cells must agree in every row and are read once. A row with another number of cells
    /// than the header (Table 8.2.3-5 repeats `peid` once more) must collapse, by dropping
    /// consecutive equal cells, to exactly the true columns.
    fn table(title: &str, end: &str) -> (Vec<String>, Vec<Vec<String>>) {
        let start = TS_0004.rfind(title).expect("the table");
        let stop = start + title.len() + TS_0004[start + title.len()..].find(end).expect("end");
        let mut lines: Vec<Vec<String>> = TS_0004[start..stop]
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with('|'))
            .map(|l| {
                l.trim_matches('|')
                    .split('|')
                    .map(|c| c.trim().to_string())
                    .collect()
            })
            .filter(|cells: &Vec<String>| {
                !cells[0].is_empty()
                    && !cells[0].starts_with("---")
                    && !cells[0].starts_with("NOTE")
            })
            .collect();
        let cells = lines.remove(0);
        // The true columns, as (first cell, number of cells) of the header.
        let mut columns: Vec<(usize, usize)> = Vec::new();
        for (i, name) in cells.iter().enumerate() {
            match columns.last_mut() {
                Some((first, n)) if cells[*first] == *name => *n += 1,
                _ => columns.push((i, 1)),
            }
        }
        let header = columns.iter().map(|&(i, _)| cells[i].clone()).collect();
        let rows = lines
            .into_iter()
            .map(|row| {
                if row.len() == cells.len() {
                    columns
                        .iter()
                        .map(|&(first, n)| {
                            let cell = &row[first];
                            assert!(
                                row[first..first + n].iter().all(|c| c == cell),
                                "{title}: the doubled cells of {row:?} differ"
                            );
                            cell.clone()
                        })
                        .collect()
                } else {
                    let mut collapsed = row.clone();
                    collapsed.dedup();
                    assert_eq!(
                        collapsed.len(),
                        columns.len(),
                        "{title}: {row:?} does not fit the header {cells:?}"
                    );
                    collapsed
                }
            })
            .collect();
        (header, rows)
    }

    /// The data rows of [`table`], after checking its true column names.
    fn rows(title: &str, end: &str, header: &[&str]) -> Vec<Vec<String>> {
        let (names, rows) = table(title, end);
        assert_eq!(names, header, "{title}");
        rows
    }

    fn short(cell: &str) -> String {
        cell.trim_end_matches('*').trim().to_string()
    }

    #[test]
    fn primitive_parameters_are_table_8_2_2_1_row_by_row() {
        let spec: Vec<(String, String)> = rows(
            "8.2.2-1: Primitive parameter short names",
            "8.2.2-2:",
            &["Parameter Name", "XSD long name", "Occurs in", "Short Name"],
        )
        .into_iter()
        .map(|r| (r[1].clone(), short(&r[3])))
        .collect();
        let ours: Vec<(String, String)> = PRIMITIVE_PARAMETERS
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert!(spec.len() > 30);
        assert_eq!(ours, spec);
    }

    #[test]
    fn resource_attributes_are_tables_8_2_3_1_to_6_row_by_row() {
        let mut spec = Vec::new();
        for i in 1..=6 {
            let title = format!("8.2.3-{i}: Resource attribute short names ({i}/6)");
            let end = if i < 6 {
                format!("8.2.3-{}:", i + 1)
            } else {
                "### 8.2.4".to_string()
            };
            spec.extend(
                rows(&title, &end, &["Attribute Name", "Occurs in", "Short Name"])
                    .into_iter()
                    .map(|r| (r[0].clone(), r[1].clone(), short(&r[2]))),
            );
        }
        let ours: Vec<(String, String, String)> = RESOURCE_ATTRIBUTES
            .iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect();
        assert!(spec.len() > 300, "{} rows", spec.len());
        assert_eq!(ours, spec);
    }

    #[test]
    fn table_8_2_3_6_translates_both_ways() {
        for (long, occurs_in, short) in [
            ("direction", "allJoynApp", "dir"),
            (
                "status",
                "authorizationDecision, authorizationPolicy, authorizationInformation",
                "sus",
            ),
            ("policies", "authorizationPolicy", "ps"),
            ("TMGI", "LocalMulticastGroup", "tmgi"),
            (
                "regularResourcesAsTargetSubscriptions",
                "crossResourceSubscription",
                "rrats",
            ),
            (
                "eventNotificationCriteriaSet",
                "crossResourceSubscription",
                "encs",
            ),
            ("associatedCrossResourceSub", "subscription", "acrs"),
            ("transactionID", "transaction", "tid"),
        ] {
            assert_eq!(attribute_short_name(long), Some(short), "{long}");
            assert_eq!(attribute_long_name(short), Some(long), "{short}");
            assert!(
                RESOURCE_ATTRIBUTES.contains(&(long, occurs_in, short)),
                "{long}"
            );
        }
    }

    /// Short names that are also an attribute name, with the reason.
    const SHORT_NAMES_THAT_ARE_LONG_NAMES: &[(&str, &str)] = &[(
        "to",
        "Table 8.2.3-6 gives the attribute to the short name to* of the primitive parameter to",
    )];

    /// A short name that is some row's attribute name or resource type, or longer than a
    /// short name gets, is a misread column (the doubled Table 8.2.3-6 once gave
    /// associatedCrossResourceSub the short name "subscription").
    #[test]
    fn resource_attribute_short_names_are_short_names() {
        let resource_types: Vec<&str> = RESOURCE_ATTRIBUTES
            .iter()
            .flat_map(|(_, occurs_in, _)| occurs_in.split(',').map(str::trim))
            .collect();
        for &(long, _, short) in RESOURCE_ATTRIBUTES {
            assert!(
                (1..=8).contains(&short.len())
                    && short
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
                "{long}: {short:?}"
            );
            assert!(!resource_types.contains(&short), "{long}: {short:?}");
            if let Some((_, why)) = SHORT_NAMES_THAT_ARE_LONG_NAMES
                .iter()
                .find(|(s, _)| *s == short)
            {
                assert!(!why.is_empty());
                // Only as its own attribute's short name, never another's.
                assert!(
                    RESOURCE_ATTRIBUTES
                        .iter()
                        .all(|&(l, _, s)| l != short || s == short),
                    "{short}"
                );
            } else {
                assert!(
                    RESOURCE_ATTRIBUTES.iter().all(|&(l, _, _)| l != short),
                    "{long}: {short:?} is an attribute name"
                );
            }
        }
        // Every listed exception is still one.
        for (short, _) in SHORT_NAMES_THAT_ARE_LONG_NAMES {
            assert_eq!(attribute_short_name(short), Some(*short));
        }
    }

    #[test]
    fn complex_type_members_are_table_8_2_5_1_row_by_row() {
        let spec: Vec<(String, String, String)> = rows(
            "8.2.5-1: Complex data type member short names",
            "### 8.2.6",
            &["Member Name", "Occurs in", "Short Name"],
        )
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone(), short(&r[2])))
        .collect();
        let ours: Vec<(String, String, String)> = COMPLEX_TYPE_MEMBERS
            .iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect();
        assert!(spec.len() > 100, "{} rows", spec.len());
        assert_eq!(ours, spec);
    }

    #[test]
    fn common_attributes_translate_both_ways() {
        for (long, short) in [
            ("resourceName", "rn"),
            ("resourceID", "ri"),
            ("parentID", "pi"),
            ("creationTime", "ct"),
            ("lastModifiedTime", "lt"),
            ("expirationTime", "et"),
            ("accessControlPolicyIDs", "acpi"),
            ("labels", "lbl"),
            ("stateTag", "st"),
        ] {
            assert_eq!(attribute_short_name(long), Some(short));
            assert_eq!(attribute_long_name(short), Some(long));
        }
        assert_eq!(attribute_short_name("noSuchAttribute"), None);
    }
}
