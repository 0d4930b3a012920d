//! Lists as streams: page-based lists follow `pages.next`; scrolls carry `scroll_param`.
//!
//! Both hold one page in memory at a time, however many records pass through.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;

use crate::client::shared::Client;
use crate::error::Error;
use crate::model::fields::Fields;
use crate::model::secret;
use crate::request::Request;
use crate::response::decode::json;

/// A scroll's `scroll_param` expires after a minute unused: a rate-limit wait must stay below that.
pub const SCROLL_MAX_RATE_LIMIT_WAIT: Duration = Duration::from_secs(50);

/// Every record of a list operation, page after page, as a [`Stream`].
///
/// It is `Unpin`, `Send` and `'static`: call `.next().await` on it directly, keep it in a struct,
/// or move it to another task. Nothing is sent before it is first polled.
pub struct Records<T> {
    inner: Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>,
}

impl<T> Records<T> {
    fn new(stream: impl Stream<Item = Result<T, Error>> + Send + 'static) -> Self {
        Records {
            inner: Box::pin(stream),
        }
    }
}

impl<T> Stream for Records<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> fmt::Debug for Records<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Records").finish_non_exhaustive()
    }
}

/// One page, decoded.
async fn fetch<P: Fields + Default>(client: &Client, req: &Request) -> Result<P, Error> {
    let (req, answer) = client.clone().sending(req.clone()).await?;
    json(&req, answer.status, &answer.body)
}

struct State<R> {
    client: Client,
    buffer: VecDeque<R>,
    next: Option<Request>,
    /// An error to hand out once the buffered records are.
    pending: Option<Error>,
    /// Every `next` link followed so far (hashed), to stop on one that comes back.
    followed: HashSet<u64>,
}

/// Records of every page, following `pages.next` until it is absent. `split` takes a page apart
/// into its records and its `next` link.
pub(crate) fn pages<P, R>(
    client: Client,
    first: Request,
    split: fn(P) -> (Vec<R>, Option<String>),
) -> Records<R>
where
    P: Fields + Default + Send + 'static,
    R: Send + 'static,
{
    let state = State {
        client,
        buffer: VecDeque::new(),
        next: Some(first),
        pending: None,
        followed: HashSet::new(),
    };
    let hasher = RandomState::new();
    Records::new(futures_util::stream::unfold(state, move |mut st| {
        let hasher = hasher.clone();
        async move {
            loop {
                if let Some(record) = st.buffer.pop_front() {
                    return Some((Ok(record), st));
                }
                if let Some(e) = st.pending.take() {
                    return Some((Err(e), st));
                }
                let req = st.next.take()?;
                match fetch::<P>(&st.client, &req).await {
                    Ok(page) => {
                        let (records, next) = split(page);
                        st.buffer = records.into();
                        if let Some(next) = next.filter(|n| !n.is_empty()) {
                            st.follow(&req, next, &hasher);
                        }
                    }
                    Err(e) => return Some((Err(e), st)),
                }
            }
        }
    }))
}

/// The request for a `pages.next` link, refused unless it points at the client's own scheme,
/// host and port: the token is never sent anywhere else.
fn follow(client: &Client, prev: &Request, next: &str) -> Result<Request, Error> {
    let refused = || Error::ForeignUrl {
        operation: prev.meta.rust_name,
        url: secret::without_credentials(next),
    };
    let url = client.inner.base.join(next).map_err(|_| refused())?;
    if !client.same_origin(&url) {
        return Err(refused());
    }
    let mut req = prev.clone();
    req.url = Some(url);
    req.query.clear();
    Ok(req)
}

impl<R> State<R> {
    /// Queues the request for `next`, or the error that stops the stream once the buffered
    /// records are handed out: a link off the base URL, or one already followed.
    fn follow(&mut self, prev: &Request, next: String, hasher: &RandomState) {
        match follow(&self.client, prev, &next) {
            Ok(_) if !self.followed.insert(hasher.hash_one(&next)) => {
                self.pending = Some(Error::PageLoop {
                    operation: prev.meta.rust_name,
                    url: next,
                });
            }
            Ok(request) => self.next = Some(request),
            Err(e) => self.pending = Some(e),
        }
    }
}

/// Records of a scroll: the first request has no `scroll_param`, each next one carries the last
/// page's; the stream ends on the first empty page.
pub(crate) fn scroll<P, R>(
    client: Client,
    mut first: Request,
    split: fn(P) -> (Vec<R>, Option<String>),
) -> Records<R>
where
    P: Fields + Default + Send + 'static,
    R: Send + 'static,
{
    let policy = first.options.retry.unwrap_or_default();
    first.options.retry =
        Some(policy.max_rate_limit_wait(policy.rate_limit_wait().min(SCROLL_MAX_RATE_LIMIT_WAIT)));
    first.query.retain(|(k, _)| k != "scroll_param");
    let state = State {
        client,
        buffer: VecDeque::new(),
        next: Some(first),
        pending: None,
        followed: HashSet::new(),
    };
    Records::new(futures_util::stream::unfold(
        state,
        move |mut st| async move {
            loop {
                if let Some(record) = st.buffer.pop_front() {
                    return Some((Ok(record), st));
                }
                let req = st.next.take()?;
                let carried_param = req.query.iter().any(|(k, _)| k == "scroll_param");
                match fetch::<P>(&st.client, &req).await {
                    Ok(page) => {
                        let (records, param) = split(page);
                        if records.is_empty() {
                            return None;
                        }
                        st.buffer = records.into();
                        if let Some(param) = param.filter(|p| !p.is_empty()) {
                            let mut next = req;
                            next.query.retain(|(k, _)| k != "scroll_param");
                            next.query.push(("scroll_param".into(), param));
                            st.next = Some(next);
                        }
                    }
                    Err(Error::Api(e))
                        if carried_param
                            && (e.status == 404
                                || e.errors.iter().any(|i| i.code.as_str().contains("scroll"))) =>
                    {
                        return Some((
                            Err(Error::ScrollExpired {
                                operation: req.meta.rust_name,
                            }),
                            st,
                        ));
                    }
                    Err(e) => return Some((Err(e), st)),
                }
            }
        },
    ))
}
