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
use crate::model::fields::{Fields, SlotRef};
use crate::model::secret;
use crate::request::Request;
use crate::response::decode::json;

/// A scroll's `scroll_param` expires after a minute unused: a rate-limit wait must stay below that.
pub const SCROLL_MAX_RATE_LIMIT_WAIT: Duration = Duration::from_secs(50);

/// Empty pages in a row after which a stream stops with [`Error::EmptyPages`]: a list that
/// answers nothing but a link to more nothing is broken (or hostile), and each page is a request.
pub const MAX_EMPTY_PAGES: u32 = 10;

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

/// One page of a list, with what the API says of the whole list: for progress ("page 3 of 12",
/// "150 of 1,024"), from `into_pages()` on any list operation.
///
/// ```no_run
/// # #[cfg(feature = "v2")]
/// # async fn demo(client: intercom_sdk::Client) -> Result<(), intercom_sdk::Error> {
/// use futures_util::StreamExt;
/// let mut pages = client.conversations().list().per_page(50).into_pages();
/// let mut seen = 0;
/// while let Some(page) = pages.next().await {
///     let page = page?;
///     seen += page.records.len();
///     eprintln!("{seen} of {}", page.total_count.unwrap_or(0));
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Page<R> {
    /// The page's records.
    pub records: Vec<R>,
    /// Its number (`pages.page`), when the API gives it.
    pub number: Option<i64>,
    /// How many pages the list has (`pages.total_pages`), when the API gives it.
    pub total_pages: Option<i64>,
    /// How many records the list has (`total_count`), when the API gives it (the scroll API
    /// does not).
    pub total_count: Option<i64>,
}

impl<R> Page<R> {
    /// The page of `records`, with what `page` (the decoded answer) says of the list; none for
    /// a page without records, so that empty pages count as the record streams count them.
    pub(crate) fn of(page: &dyn Fields, records: Vec<R>) -> Vec<Page<R>> {
        if records.is_empty() {
            return Vec::new();
        }
        let (mut number, mut total_pages, mut total_count) = (None, None, None);
        page.each(&mut |name, value| match (name, value) {
            ("total_count", SlotRef::Integer(n)) => total_count = Some(n),
            ("pages", SlotRef::Model(pages)) => {
                pages.each(&mut |name, value| match (name, value) {
                    ("page", SlotRef::Integer(n)) => number = Some(n),
                    ("total_pages", SlotRef::Integer(n)) => total_pages = Some(n),
                    _ => {}
                })
            }
            _ => {}
        });
        vec![Page {
            records,
            number,
            total_pages,
            total_count,
        }]
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
    /// Every continuation followed so far (hashed), to stop on one that comes back.
    followed: HashSet<u64>,
    /// Pages in a row that held no record.
    empty_in_a_row: u32,
}

/// Where a list continues after a page, as the page says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Next {
    /// It does not: that was the last page.
    Done,
    /// At this link (`pages.next` as a URL).
    Link(String),
    /// After this cursor (`pages.next.starting_after`).
    After(String),
    /// At this page number (`pages.page` + 1, below `pages.total_pages`).
    Page(i64),
}

impl Next {
    /// Where the list of `page` continues, read off its `pages` member: a link, a cursor or a
    /// page number, whichever the page gives (Intercom's 2.x lists give all three kinds, the
    /// description documenting one where the API sends another).
    pub(crate) fn of(page: &dyn Fields) -> Next {
        let mut next = Next::Done;
        page.each(&mut |name, value| {
            if name == "pages" {
                if let SlotRef::Model(pages) = value {
                    next = Next::of_pages(pages);
                }
            }
        });
        next
    }

    fn of_pages(pages: &dyn Fields) -> Next {
        let (mut link, mut after, mut page, mut total) = (None, None, None, None);
        // A `next` that is there, even `null`, says where the list goes; page numbers speak
        // only for a page without one.
        let mut has_next = pages.extra().has("next");
        pages.each(&mut |name, value| match (name, value) {
            ("next", SlotRef::Text(url)) => link = Some(url.to_owned()),
            ("next", SlotRef::Model(cursor)) => after = starting_after(cursor),
            ("next", SlotRef::Absent) => {}
            ("next", _) => has_next = true,
            ("page", SlotRef::Integer(n)) => page = Some(n),
            ("total_pages", SlotRef::Integer(n)) => total = Some(n),
            _ => {}
        });
        has_next |= link.is_some() || after.is_some();
        // A `next` of another type than documented is kept in `extra`: read it there.
        if link.is_none() && after.is_none() {
            if let Some(raw) = pages.extra().get("next") {
                match raw.to_value() {
                    serde_json::Value::String(url) => link = Some(url),
                    serde_json::Value::Object(cursor) => {
                        after = cursor
                            .get("starting_after")
                            .and_then(|v| v.as_str())
                            .map(str::to_owned);
                    }
                    _ => {}
                }
            }
        }
        match (link, after, page, total) {
            (Some(url), _, _, _) if !url.is_empty() => Next::Link(url),
            (_, Some(cursor), _, _) if !cursor.is_empty() => Next::After(cursor),
            (_, _, Some(page), Some(total)) if page < total && !has_next => Next::Page(page + 1),
            _ => Next::Done,
        }
    }
}

/// The `starting_after` of a cursor object.
fn starting_after(cursor: &dyn Fields) -> Option<String> {
    let mut found = None;
    cursor.each(&mut |name, value| {
        if let ("starting_after", SlotRef::Text(c)) = (name, value) {
            found = Some(c.to_owned());
        }
    });
    found
}

/// Where a list's next request carries the cursor of a page.
#[derive(Clone, Copy)]
enum CursorIn {
    /// The query parameter `starting_after` (2.x lists).
    Query,
    /// The body's `pagination.starting_after` (2.x searches).
    Body,
}

/// Records of every page, following `pages.next` links until there is none (1.x lists).
/// `split` takes a page apart into its records and its `next` link.
pub(crate) fn pages<P, R>(
    client: Client,
    first: Request,
    split: fn(P) -> (Vec<R>, Option<String>),
) -> Records<R>
where
    P: Fields + Default + Send + 'static,
    R: Send + 'static,
{
    stream(
        client,
        first,
        move |page| {
            let (records, next) = split(page);
            (records, next.map_or(Next::Done, Next::Link))
        },
        CursorIn::Query,
    )
}

/// Records of every page of a 2.x list: see [`Next`]; a cursor goes back in the query.
pub(crate) fn cursor<P, R>(
    client: Client,
    first: Request,
    split: fn(P) -> (Vec<R>, Next),
) -> Records<R>
where
    P: Fields + Default + Send + 'static,
    R: Send + 'static,
{
    stream(client, first, split, CursorIn::Query)
}

/// Records of every page of a 2.x search: the cursor goes back in the body's `pagination`.
pub(crate) fn search<P, R>(
    client: Client,
    first: Request,
    split: fn(P) -> (Vec<R>, Next),
) -> Records<R>
where
    P: Fields + Default + Send + 'static,
    R: Send + 'static,
{
    stream(client, first, split, CursorIn::Body)
}

/// Records of every page of a list known only by its metadata ([`Client::invoke`]): `split`
/// takes a page apart; a cursor goes back in the body for a search, else in the query.
pub(crate) fn untyped<P, R>(
    client: Client,
    first: Request,
    split: fn(P) -> (Vec<R>, Next),
    search: bool,
) -> Records<R>
where
    P: Fields + Default + Send + 'static,
    R: Send + 'static,
{
    let cursor_in = if search {
        CursorIn::Body
    } else {
        CursorIn::Query
    };
    stream(client, first, split, cursor_in)
}

/// The one loop of every paged list: fetch a page, hand out its records, go where it says next.
fn stream<P, R, F>(client: Client, first: Request, split: F, cursor_in: CursorIn) -> Records<R>
where
    P: Fields + Default + Send + 'static,
    R: Send + 'static,
    F: Fn(P) -> (Vec<R>, Next) + Send + Sync + 'static,
{
    let state = State {
        client,
        buffer: VecDeque::new(),
        next: Some(first),
        pending: None,
        followed: HashSet::new(),
        empty_in_a_row: 0,
    };
    let hasher = RandomState::new();
    let split = std::sync::Arc::new(split);
    Records::new(futures_util::stream::unfold(state, move |mut st| {
        let hasher = hasher.clone();
        let split = split.clone();
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
                        st.empty_in_a_row = if records.is_empty() {
                            st.empty_in_a_row + 1
                        } else {
                            0
                        };
                        st.buffer = records.into();
                        if st.empty_in_a_row >= MAX_EMPTY_PAGES {
                            return Some((
                                Err(Error::EmptyPages {
                                    operation: req.meta.rust_name,
                                    pages: st.empty_in_a_row,
                                }),
                                st,
                            ));
                        }
                        st.advance(&req, next, cursor_in, &hasher);
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
    if !client.within_base(&url) {
        return Err(refused());
    }
    let mut req = prev.clone();
    req.url = Some(url);
    req.query.clear();
    Ok(req)
}

impl<R> State<R> {
    /// Queues the request for `next`, or the error that stops the stream once the buffered
    /// records are handed out: a link off the base URL, or a continuation already followed.
    fn advance(&mut self, prev: &Request, next: Next, cursor_in: CursorIn, hasher: &RandomState) {
        let (key, request) = match &next {
            Next::Done => return,
            Next::Link(url) => (url.clone(), follow(&self.client, prev, url)),
            Next::After(cursor) => (
                format!("after:{cursor}"),
                Ok(after(prev, cursor, cursor_in)),
            ),
            Next::Page(n) => (
                format!("page:{n}"),
                Ok(with_query(prev, "page", &n.to_string())),
            ),
        };
        match request {
            Ok(_) if !self.followed.insert(hasher.hash_one(&key)) => {
                self.pending = Some(Error::PageLoop {
                    operation: prev.meta.rust_name,
                    url: key,
                });
            }
            Ok(request) => self.next = Some(request),
            Err(e) => self.pending = Some(e),
        }
    }
}

/// `prev` asking for the page after `cursor`.
fn after(prev: &Request, cursor: &str, cursor_in: CursorIn) -> Request {
    match cursor_in {
        CursorIn::Query => with_query(prev, "starting_after", cursor),
        CursorIn::Body => {
            let mut req = prev.clone();
            req.set_body_member(&["pagination", "starting_after"], cursor);
            req
        }
    }
}

/// `prev` with the query parameter `key` set to `value` (replacing it), in its query or, for a
/// request that follows a link, in the link's.
fn with_query(prev: &Request, key: &'static str, value: &str) -> Request {
    let mut req = prev.clone();
    req.query.retain(|(k, _)| k != key);
    match &mut req.url {
        Some(url) => {
            let kept: Vec<(String, String)> = url
                .query_pairs()
                .filter(|(k, _)| k != key)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            url.query_pairs_mut()
                .clear()
                .extend_pairs(kept)
                .append_pair(key, value);
        }
        None => req.query.push((key.into(), value.to_owned())),
    }
    req
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
        empty_in_a_row: 0,
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
