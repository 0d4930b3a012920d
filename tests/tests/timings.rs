//! The waits the README promises, run on tokio's paused clock (`tokio-test`): the virtual clock
//! jumps over every sleep, so minutes of backoff, rate-limit waits and timeouts take
//! milliseconds, and the assertions are on the virtual times the mock recorded each request at.

use std::time::Duration;

use futures_util::StreamExt;
use intercom_mock::{MockServer, Reply};
use intercom_sdk::jobs::JobWait;
use intercom_sdk::{Client, Error, RetryPolicy, meta};
use serde_json::json;
use tokio::time::Instant;

async fn mock() -> MockServer {
    MockServer::start()
        .await
        .unwrap_or_else(|e| panic!("cannot start the mock: {e}"))
}

fn build(builder: intercom_sdk::ClientBuilder) -> Client {
    builder.build().unwrap_or_else(|e| panic!("{e}"))
}

/// The virtual time between consecutive requests to `op`.
fn gaps(mock: &MockServer, op: &'static meta::Operation) -> Vec<Duration> {
    let at: Vec<Instant> = mock.requests_to(op).iter().map(|r| r.received_at).collect();
    at.windows(2).map(|w| w[1] - w[0]).collect()
}

#[tokio::test(start_paused = true)]
async fn backoff_doubles_up_to_its_20_second_cap() {
    let mock = mock().await;
    mock.on(&meta::GET_ADMINS).fail_times(9, 503);
    let policy = RetryPolicy::default()
        .max_attempts(10)
        .initial_backoff(Duration::from_secs(1));
    let client = build(
        mock.client_builder()
            .retry_policy(policy)
            .timeout(Duration::from_secs(3600)),
    );
    let admins = client.get_admins().await;
    assert!(admins.is_ok(), "{admins:?}");
    let gaps = gaps(&mock, &meta::GET_ADMINS);
    assert_eq!(gaps.len(), 9);
    // Full jitter: retry n waits a draw in [0, min(1 s × 2^(n-1), 20 s)].
    for (n, gap) in gaps.iter().enumerate() {
        let ceiling = Duration::from_secs(1 << n.min(5)).min(Duration::from_secs(20));
        assert!(
            *gap <= ceiling + Duration::from_millis(50),
            "retry {}: {gap:?}",
            n + 1
        );
    }
    assert!(
        gaps.iter()
            .all(|g| *g <= intercom_sdk::DEFAULT_MAX_BACKOFF + Duration::from_millis(50))
    );
}

#[tokio::test(start_paused = true)]
async fn a_59_second_rate_limit_wait_is_honoured() {
    let mock = mock().await;
    mock.on(&meta::GET_ADMINS)
        .rate_limited_once(Duration::from_secs(59));
    let client = build(mock.client_builder());
    let started = Instant::now();
    let admins = client.get_admins().await;
    assert!(admins.is_ok(), "{admins:?}");
    let waited = started.elapsed();
    // Until the reset (59 s, rounded up to the second), never beyond the 60 s longest wait.
    assert!(waited >= Duration::from_secs(58), "{waited:?}");
    assert!(
        waited <= intercom_sdk::DEFAULT_MAX_RATE_LIMIT_WAIT,
        "{waited:?}"
    );
    assert_eq!(mock.requests_to(&meta::GET_ADMINS).len(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_61_second_rate_limit_wait_is_refused_at_once() {
    let mock = mock().await;
    mock.on(&meta::GET_ADMINS)
        .rate_limited_once(Duration::from_secs(61));
    let client = build(mock.client_builder());
    let started = Instant::now();
    let err = client.get_admins().await.err();
    assert!(
        matches!(&err, Some(Error::Api(api)) if api.status == 429),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(mock.requests_to(&meta::GET_ADMINS).len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_scroll_waits_for_the_rate_limit_at_most_50_seconds() {
    // 45 s: within the scroll's cap, so the stream waits and goes on.
    let mock = mock().await;
    mock.on(&meta::SCROLL_USERS)
        .reply_once(Reply::example())
        .rate_limited_once(Duration::from_secs(45));
    let client = build(mock.client_builder());
    let started = Instant::now();
    let records: Vec<_> = client.scroll_users().into_stream().collect().await;
    assert!(records.iter().all(Result::is_ok), "{records:?}");
    assert!(started.elapsed() >= Duration::from_secs(44));

    // 55 s: under the client's 60 s, but a scroll_param expires after a minute unused.
    let mock = crate::mock().await;
    mock.on(&meta::SCROLL_USERS)
        .reply_once(Reply::example())
        .rate_limited_once(Duration::from_secs(55));
    let client = build(mock.client_builder());
    let started = Instant::now();
    let records: Vec<_> = client.scroll_users().into_stream().collect().await;
    assert!(
        records
            .iter()
            .any(|r| matches!(r, Err(Error::Api(api)) if api.status == 429)),
        "{records:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[tokio::test(start_paused = true)]
async fn a_call_gives_up_after_120_seconds() {
    let mock = mock().await;
    mock.on(&meta::GET_ADMINS).delay(Duration::from_secs(600));
    // One attempt may take longer than the call: the call's own deadline is what stops it.
    let client = build(
        mock.client_builder()
            .attempt_timeout(Duration::from_secs(600)),
    );
    let started = Instant::now();
    let err = client.get_admins().await.err();
    assert!(
        matches!(err, Some(Error::Timeout { after, .. }) if after == intercom_sdk::DEFAULT_OPERATION_TIMEOUT),
        "{err:?}"
    );
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_secs(120) && elapsed < Duration::from_secs(121),
        "{elapsed:?}"
    );
    assert_eq!(mock.requests_to(&meta::GET_ADMINS).len(), 1);
}

#[tokio::test(start_paused = true)]
async fn attempts_time_out_after_30_seconds_and_are_retried() {
    let mock = mock().await;
    mock.on(&meta::GET_ADMINS)
        .reply_once(Reply::example().delay(Duration::from_secs(45)))
        .reply_once(Reply::example().delay(Duration::from_secs(45)));
    let client = build(mock.client_builder());
    let started = Instant::now();
    let admins = client.get_admins().await;
    assert!(admins.is_ok(), "{admins:?}");
    // Two attempts cut at 30 s each, plus their backoffs; the third answers at once.
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_secs(60) && elapsed < Duration::from_secs(63),
        "{elapsed:?}"
    );
    let gaps = gaps(&mock, &meta::GET_ADMINS);
    assert!(
        gaps.iter()
            .all(|g| *g >= intercom_sdk::DEFAULT_ATTEMPT_TIMEOUT),
        "{gaps:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn job_polling_backs_off_and_stops_when_the_job_is_done() {
    let mock = mock().await;
    let running =
        Reply::status(200).json(json!({"type": "job", "id": "job_1", "state": "running"}));
    mock.on(&meta::GET_SINGLE_BULK_JOB)
        .reply_once(running.clone())
        .reply_once(running.clone())
        .reply_once(running)
        .reply(
            Reply::status(200).json(json!({"type": "job", "id": "job_1", "state": "completed"})),
        );
    let client = build(mock.client_builder());
    let job = client
        .wait_for_job("job_1", JobWait::default())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(job.id.map(|id| id.to_string()).as_deref(), Some("job_1"));
    // 1 s, then doubling.
    let gaps = gaps(&mock, &meta::GET_SINGLE_BULK_JOB);
    let seconds: Vec<u64> = gaps.iter().map(|g| g.as_secs()).collect();
    assert_eq!(seconds, [1, 2, 4]);
}

#[tokio::test(start_paused = true)]
async fn job_polling_gives_up_at_its_timeout() {
    let mock = mock().await;
    mock.on(&meta::GET_SINGLE_BULK_JOB)
        .reply(Reply::status(200).json(json!({"type": "job", "id": "job_1", "state": "running"})));
    let client = build(mock.client_builder());
    let started = Instant::now();
    let err = client.wait_for_job("job_1", JobWait::default()).await.err();
    assert!(matches!(err, Some(Error::Timeout { .. })), "{err:?}");
    assert!(started.elapsed() <= JobWait::default().timeout);
    let gaps = gaps(&mock, &meta::GET_SINGLE_BULK_JOB);
    assert!(
        gaps.iter().all(|g| *g <= Duration::from_secs(31)),
        "{gaps:?}"
    );
    assert!(
        gaps.iter().any(|g| *g >= Duration::from_secs(30)),
        "the interval reaches its 30 s cap"
    );
}

#[tokio::test(start_paused = true)]
async fn a_stream_sends_nothing_before_its_first_poll() {
    let mock = mock().await;
    let client = build(mock.client_builder());
    let mut stream = tokio_test::task::spawn(client.get_users().into_stream());
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert!(
        mock.requests().is_empty(),
        "a request before the first poll"
    );
    assert!(!stream.is_woken());
    let first = stream.next().await;
    assert!(matches!(first, Some(Ok(_))), "{first:?}");
    assert_eq!(mock.requests_to(&meta::GET_USERS).len(), 1);
}
