//! Prometheus metrics (`GET /metrics`): requests by route and status, latency,
//! the index in force (generation, age, versions), screenings and alerts.
//!
//! Routes are labelled by their pattern (`/v1/entities/{id}`), never by the
//! path asked for, so a scan of random paths cannot grow the label set.

use std::time::Duration;

use interdict_app::World;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::sync::atomic::AtomicU64;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ChannelLabels {
    channel: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StatusLabels {
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SourceLabels {
    source: String,
}

/// The server's metrics and their registry.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    screenings: Family<ChannelLabels, Counter>,
    alerts: Family<StatusLabels, Counter>,
    rate_limited: Counter,
    index_generation: Gauge,
    index_loaded_at: Gauge,
    index_entities: Gauge,
    index_build_seconds: Gauge<f64, AtomicU64>,
    list_version: Family<SourceLabels, Gauge>,
    list_published: Family<SourceLabels, Gauge>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    /// Registers every metric.
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("interdict");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests by method, route pattern and status",
            requests.clone(),
        );
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            // 50 µs .. ~1.6 s
            Histogram::new(exponential_buckets(0.00005, 2.0, 16))
        });
        registry.register(
            "http_request_duration_seconds",
            "HTTP request latency by route pattern",
            latency.clone(),
        );
        let screenings = Family::<ChannelLabels, Counter>::default();
        registry.register(
            "screenings",
            "Screenings recorded, by channel",
            screenings.clone(),
        );
        let alerts = Family::<StatusLabels, Counter>::default();
        registry.register(
            "alerts",
            "Alerts raised by screenings, by status at creation",
            alerts.clone(),
        );
        let rate_limited = Counter::default();
        registry.register(
            "rate_limited",
            "Requests refused by the per-key rate limit",
            rate_limited.clone(),
        );
        let index_generation = Gauge::default();
        registry.register(
            "index_generation",
            "The screening index in force: 1 for the first loaded, +1 per swap",
            index_generation.clone(),
        );
        let index_loaded_at = Gauge::default();
        registry.register(
            "index_loaded_timestamp_seconds",
            "When the index in force was swapped in (Unix time); age = now - this",
            index_loaded_at.clone(),
        );
        let index_entities = Gauge::default();
        registry.register(
            "index_entities",
            "Entities in the screening index in force",
            index_entities.clone(),
        );
        let index_build_seconds = Gauge::<f64, AtomicU64>::default();
        registry.register(
            "index_build_seconds",
            "Seconds the last index load and build took",
            index_build_seconds.clone(),
        );
        let list_version = Family::<SourceLabels, Gauge>::default();
        registry.register(
            "list_version",
            "Per source, the version number screened by the index in force",
            list_version.clone(),
        );
        let list_published = Family::<SourceLabels, Gauge>::default();
        registry.register(
            "list_published_timestamp_seconds",
            "Per source, the publication date of the version screened (Unix time)",
            list_published.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            screenings,
            alerts,
            rate_limited,
            index_generation,
            index_loaded_at,
            index_entities,
            index_build_seconds,
            list_version,
            list_published,
        }
    }

    /// Records a new World swapped in.
    pub fn index_loaded(&self, world: &World, took: Duration) {
        self.index_generation.set(world.generation() as i64);
        self.index_loaded_at.set(world.loaded_at().timestamp());
        self.index_entities.set(world.entity_count() as i64);
        self.index_build_seconds.set(took.as_secs_f64());
        for version in world.versions() {
            let labels = SourceLabels {
                source: version.source.as_str().to_string(),
            };
            self.list_version
                .get_or_create(&labels)
                .set(i64::from(version.seq));
            let published = version
                .published
                .and_hms_opt(0, 0, 0)
                .map_or(0, |t| t.and_utc().timestamp());
            self.list_published.get_or_create(&labels).set(published);
        }
    }

    /// Counts a screening recorded in the audit log, and its alerts by status.
    pub fn screening(&self, channel: &str, recorded: &interdict_audit::RecordedScreening) {
        self.screenings
            .get_or_create(&ChannelLabels {
                channel: channel.to_string(),
            })
            .inc();
        for alert in &recorded.alerts {
            self.alerts
                .get_or_create(&StatusLabels {
                    status: alert.status.as_str().to_string(),
                })
                .inc();
        }
    }

    /// Counts a request by method, route pattern and status, and times it.
    pub fn request(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        self.requests
            .get_or_create(&RequestLabels {
                method: method.to_string(),
                route: route.to_string(),
                status,
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                route: route.to_string(),
            })
            .observe(elapsed.as_secs_f64());
    }

    /// Counts a request refused by the rate limit.
    pub fn rate_limited(&self) {
        self.rate_limited.inc();
    }

    /// The Prometheus text exposition.
    pub fn encode(&self) -> String {
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)
            .expect("writing to a String cannot fail");
        text
    }
}
