//! The load generator: many devices, a fixed number of sessions in flight, and the
//! figures an operator sizes an ACS by (sessions per second, latency percentiles).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

use crate::behaviour::Behaviour;
use crate::device::DeviceState;
use crate::model::DataModel;
use crate::session::{AcsEndpoint, SessionOutcome, run_session};

#[derive(Debug, Clone)]
pub struct LoadConfig {
    pub endpoint: AcsEndpoint,
    pub devices: usize,
    pub concurrency: usize,
    /// Measured sessions (after every device has bootstrapped once, unmeasured).
    pub sessions: usize,
    pub serial_prefix: String,
    pub model: Arc<DataModel>,
}

#[derive(Debug, Clone)]
pub struct LoadReport {
    pub sessions: usize,
    pub failed: usize,
    pub elapsed: Duration,
    pub per_second: f64,
    pub p50: Duration,
    pub p90: Duration,
    pub p99: Duration,
    pub max: Duration,
    pub first_failure: Option<String>,
}

impl std::fmt::Display for LoadReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} sessions ({} failed) in {:.2} s: {:.0} sessions/s; latency p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            self.sessions,
            self.failed,
            self.elapsed.as_secs_f64(),
            self.per_second,
            self.p50.as_secs_f64() * 1e3,
            self.p90.as_secs_f64() * 1e3,
            self.p99.as_secs_f64() * 1e3,
            self.max.as_secs_f64() * 1e3,
        )
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

struct Phase {
    latencies: Vec<Duration>,
    failed: usize,
    first_failure: Option<String>,
}

async fn phase(
    endpoint: &AcsEndpoint,
    devices: &Arc<Vec<Mutex<DeviceState>>>,
    concurrency: usize,
    sessions: usize,
    event: &'static str,
) -> Phase {
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..concurrency.max(1) {
        let (next, devices, endpoint) = (next.clone(), devices.clone(), endpoint.clone());
        workers.spawn(async move {
            let mut latencies = Vec::new();
            let mut failed = 0;
            let mut first_failure = None;
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= sessions {
                    break;
                }
                let mut device = devices[n % devices.len()].lock().await;
                device.add_event(event, "");
                let started = Instant::now();
                let outcome = run_session(&endpoint, &mut device, 0).await;
                device.deferred.clear();
                match outcome {
                    SessionOutcome::Completed { .. } => latencies.push(started.elapsed()),
                    other => {
                        failed += 1;
                        first_failure.get_or_insert_with(|| format!("{other:?}"));
                    }
                }
            }
            Phase {
                latencies,
                failed,
                first_failure,
            }
        });
    }
    let mut total = Phase {
        latencies: Vec::with_capacity(sessions),
        failed: 0,
        first_failure: None,
    };
    while let Some(Ok(part)) = workers.join_next().await {
        total.latencies.extend(part.latencies);
        total.failed += part.failed;
        if total.first_failure.is_none() {
            total.first_failure = part.first_failure;
        }
    }
    total
}

/// Bootstraps every device once (not measured), then runs `sessions` Inform sessions
/// ("2 PERIODIC") with `concurrency` in flight.
pub async fn run_load(config: LoadConfig) -> LoadReport {
    let behaviour = Arc::new(Behaviour::default());
    let devices: Arc<Vec<Mutex<DeviceState>>> = Arc::new(
        (0..config.devices.max(1))
            .map(|n| {
                Mutex::new(DeviceState::new(
                    format!("{}{n:07}", config.serial_prefix),
                    config.model.clone(),
                    behaviour.clone(),
                ))
            })
            .collect(),
    );
    let warm = phase(
        &config.endpoint,
        &devices,
        config.concurrency.min(config.devices.max(1)),
        devices.len(),
        "1 BOOT",
    )
    .await;
    if warm.failed > 0 {
        tracing::warn!(failed = warm.failed, first = ?warm.first_failure, "some devices did not bootstrap");
    }
    let started = Instant::now();
    let measured = phase(
        &config.endpoint,
        &devices,
        config.concurrency,
        config.sessions,
        "2 PERIODIC",
    )
    .await;
    let elapsed = started.elapsed();
    let mut latencies = measured.latencies;
    latencies.sort_unstable();
    LoadReport {
        sessions: latencies.len(),
        failed: measured.failed,
        elapsed,
        per_second: latencies.len() as f64 / elapsed.as_secs_f64().max(1e-9),
        p50: percentile(&latencies, 50.0),
        p90: percentile(&latencies, 90.0),
        p99: percentile(&latencies, 99.0),
        max: latencies.last().copied().unwrap_or_default(),
        first_failure: measured.first_failure,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let sorted: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&sorted, 50.0), Duration::from_millis(50));
        assert_eq!(percentile(&sorted, 99.0), Duration::from_millis(99));
        assert_eq!(percentile(&sorted, 100.0), Duration::from_millis(100));
        assert_eq!(
            percentile(&[Duration::from_millis(7)], 1.0),
            Duration::from_millis(7)
        );
        assert_eq!(percentile(&[], 50.0), Duration::ZERO);
    }
}
