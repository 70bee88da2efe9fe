//! Integer enumerations the attribute rules use: TS-0004 6.3.4.2 (each checked by a test
//! against its table) and the TS-0022 ones from ONEM2M-DM-REFERENCE.md §2.4.

/// m2m:cseTypeID, Table 6.3.4.2.2-1.
pub(crate) const CSE_TYPE_ID: &[i64] = &[1, 2, 3];
/// m2m:operation, Table 6.3.4.2.5-1.
pub(crate) const OPERATION: &[i64] = &[1, 2, 3, 4, 5];
/// m2m:requestStatus, Table 6.3.4.2.10-1.
pub(crate) const REQUEST_STATUS: &[i64] = &[1, 2, 3, 4, 5];
/// m2m:consistencyStrategy, Table 6.3.4.2.12-1.
pub(crate) const CONSISTENCY_STRATEGY: &[i64] = &[1, 2, 3];
/// m2m:cmdType, Table 6.3.4.2.13-1.
pub(crate) const CMD_TYPE: &[i64] = &[1, 2, 3, 4, 5, 6, 7];
/// m2m:execModeType, Table 6.3.4.2.14-1.
pub(crate) const EXEC_MODE_TYPE: &[i64] = &[1, 2, 3, 4];
/// m2m:execStatusType, Table 6.3.4.2.15-1.
pub(crate) const EXEC_STATUS_TYPE: &[i64] = &[1, 2, 3, 4, 5, 6];
/// m2m:execResultType, Table 6.3.4.2.16-1 (17 and 18 are not defined).
pub(crate) const EXEC_RESULT_TYPE: &[i64] = &[
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 19, 20, 21, 22, 23, 24, 25, 26, 27,
    28, 29, 30, 31,
];
/// m2m:pendingNotification, Table 6.3.4.2.17-1.
pub(crate) const PENDING_NOTIFICATION: &[i64] = &[1, 2];
/// m2m:notificationContentType, Table 6.3.4.2.18-1 (5, TimeSeries notification, included).
pub(crate) const NOTIFICATION_CONTENT_TYPE: &[i64] = &[1, 2, 3, 4, 5];
/// m2m:batteryStatus, Table 6.3.4.2.21-1.
pub(crate) const BATTERY_STATUS: &[i64] = &[1, 2, 3, 4, 5, 6, 7];
/// m2m:logTypeId, Table 6.3.4.2.23-1.
pub(crate) const LOG_TYPE_ID: &[i64] = &[1, 2, 3, 4, 5];
/// m2m:logStatus, Table 6.3.4.2.24-1.
pub(crate) const LOG_STATUS: &[i64] = &[1, 2, 3, 4, 5];
/// m2m:suid, Table 6.3.4.2.39-1.
pub(crate) const SUID: &[i64] = &[
    10, 11, 12, 13, 14, 15, 21, 22, 23, 24, 25, 32, 33, 34, 35, 40, 41, 42, 43, 44, 45,
];
/// m2m:AERegistrationStatus, Table 6.3.4.2.57-1.
pub(crate) const AE_REGISTRATION_STATUS: &[i64] = &[1, 2];

/// dcfg:wifiConnectionStatus (reference §2.4).
pub(crate) const WIFI_CONNECTION_STATUS: &[i64] = &[0, 1, 2, 3, 4, 5, 6];
/// dcfg:simStatus (reference §2.4).
pub(crate) const SIM_STATUS: &[i64] = &[0, 1];
/// dcfg:simType (reference §2.4).
pub(crate) const SIM_TYPE: &[i64] = &[0, 1, 2, 3];
/// dcfg:cellularNetworkBearer (reference §2.4).
pub(crate) const CELLULAR_NETWORK_BEARER: &[i64] = &[0, 1, 2, 3, 4, 5, 6, 7];
