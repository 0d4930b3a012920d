//! Bulk jobs: typed items to submit, waiting for a job to finish, and reading its error feed.
//!
//! ```no_run
//! use intercom_sdk::jobs::{BulkItem, JobWait};
//! # async fn demo(client: intercom_sdk::Client) -> Result<(), intercom_sdk::Error> {
//! let items = vec![
//!     BulkItem::post_user(serde_json::Map::from_iter([("email".into(), "ada@example.com".into())])),
//!     BulkItem::delete_user(serde_json::Map::from_iter([("user_id".into(), "25".into())])),
//! ];
//! let job = client.create_user_bulk_jobs(items).await?;
//! let id = job.id.unwrap_or_default();
//! let done = client.wait_for_job(&id, JobWait::default()).await?;
//! let failed = client.job_errors(&id).await?;
//! # let _ = (done, failed); Ok(()) }
//! ```

use std::time::Duration;

use tokio::time::Instant;

use serde_json::{Map, Value};

use crate::client::shared::Client;
use crate::error::Error;
use crate::generated::models::{BulkDataType, BulkMethod, Job, JobErrorFeed, JobState};

/// One item of a bulk job: what to do with which record.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkItem {
    method: BulkMethod,
    data_type: BulkDataType,
    data: Map<String, Value>,
}

impl BulkItem {
    /// Create or update a user (`data` as for createUserByEmail: `email` or `user_id`, …).
    pub fn post_user(data: Map<String, Value>) -> Self {
        BulkItem {
            method: BulkMethod::Post,
            data_type: BulkDataType::User,
            data,
        }
    }

    /// Delete a user (`data` holds `id`, `user_id` or `email`).
    pub fn delete_user(data: Map<String, Value>) -> Self {
        BulkItem {
            method: BulkMethod::Delete,
            data_type: BulkDataType::User,
            data,
        }
    }

    /// Create or update a lead.
    pub fn post_lead(data: Map<String, Value>) -> Self {
        BulkItem {
            method: BulkMethod::Post,
            data_type: BulkDataType::Contact,
            data,
        }
    }

    /// Submit an event (`event_name`, `created_at`, `user_id` or `email`, `metadata`); events
    /// cannot be deleted in bulk.
    pub fn post_event(data: Map<String, Value>) -> Self {
        BulkItem {
            method: BulkMethod::Post,
            data_type: BulkDataType::Event,
            data,
        }
    }
}

/// Written as the API wants an item: `{"method", "data_type", "data"}`.
impl serde::Serialize for BulkItem {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("method", self.method.as_str())?;
        map.serialize_entry("data_type", self.data_type.as_str())?;
        map.serialize_entry("data", &self.data)?;
        map.end()
    }
}

impl From<BulkItem> for Map<String, Value> {
    fn from(item: BulkItem) -> Self {
        // `Map::insert` rather than `Map::from_iter`: the latter compiles a whole sort.
        let mut map = Map::new();
        map.insert("method".to_owned(), Value::from(item.method.as_str()));
        map.insert("data_type".to_owned(), Value::from(item.data_type.as_str()));
        map.insert("data".to_owned(), Value::Object(item.data));
        map
    }
}

/// How [`Client::wait_for_job`] polls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobWait {
    /// First wait between two polls; it doubles each time.
    pub initial_interval: Duration,
    /// Longest wait between two polls.
    pub max_interval: Duration,
    /// Give up (with [`Error::Timeout`]) after this long.
    pub timeout: Duration,
}

impl Default for JobWait {
    fn default() -> Self {
        JobWait {
            initial_interval: Duration::from_secs(1),
            max_interval: Duration::from_secs(30),
            timeout: Duration::from_secs(600),
        }
    }
}

impl Client {
    /// Polls `GET /jobs/{job_id}` with backoff until the job is no longer running, and returns it.
    pub async fn wait_for_job(&self, job_id: &str, wait: JobWait) -> Result<Job, Error> {
        let started = Instant::now();
        let mut interval = wait.initial_interval;
        loop {
            let job = self.get_single_bulk_job(job_id).send().await?;
            if !matches!(job.state, None | Some(JobState::Running)) {
                return Ok(job);
            }
            if started.elapsed() + interval > wait.timeout {
                return Err(Error::Timeout {
                    operation: "getSingleBulkJob",
                    after: wait.timeout,
                });
            }
            tracing::debug!(
                job_id,
                interval_ms = interval.as_millis(),
                "bulk job still running"
            );
            tokio::time::sleep(interval).await;
            interval = (interval * 2).min(wait.max_interval);
        }
    }

    /// The items of a bulk job that failed: [`Client::get_job_errors`], for a job id you hold.
    pub async fn job_errors(&self, job_id: &str) -> Result<JobErrorFeed, Error> {
        self.get_job_errors(job_id).await
    }
}
