//! The mock speaks 2.x: every operation answered as Intercom's description documents it,
//! `Intercom-Version` picking the API where both have a path, 2.x error shapes; and what a test
//! programs fires for every request its operation sends, twins included (#20).

use intercom_mock::{MockServer, Reply};
use intercom_sdk::meta::{self, Api, Kind, Operation, Place};
use serde_json::{Value, json};

/// A value of `kind` the mock takes for a required input.
fn sample(op: &Operation, name: &str, kind: Kind) -> Value {
    let field = op.field(name);
    match kind {
        Kind::Boolean => json!(true),
        Kind::Integer | Kind::Timestamp | Kind::Number => json!(1),
        Kind::Select => json!(field.and_then(|f| f.select).map_or("", |s| s.values[0])),
        Kind::TextList => json!(["1"]),
        Kind::IntegerList => json!([1]),
        Kind::ObjectList | Kind::AnyList | Kind::ModelList => json!([{"sample": 1}]),
        Kind::Json | Kind::Model => json!({"sample": 1}),
        _ => json!("1"),
    }
}

/// Calls `op` with a value for each required input; the status and body answered.
async fn call(client: &intercom_sdk::Client, op: &'static Operation) -> Result<Value, String> {
    let mut invocation = client.invoke(op);
    for f in op.inputs().filter(|f| f.required && f.place != Place::Auth) {
        invocation = invocation.input(f.name, sample(op, f.name, f.kind));
    }
    let bytes = invocation.bytes().await.map_err(|e| e.to_string())?;
    if bytes.is_empty() {
        return Ok(Value::Null);
    }
    Ok(serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

#[tokio::test]
async fn every_2x_operation_is_answered_with_its_documented_type() {
    // Stateless: every answer is the documented one, whatever was created before.
    let mock = MockServer::builder()
        .stateless()
        .start()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let client = mock.client().unwrap_or_else(|e| panic!("{e}"));
    let documented: Value =
        serde_json::from_str(include_str!("../mock-data/v2/answers.json")).unwrap_or_default();
    let (mut answered, mut failures) = (0, Vec::new());
    for op in meta::all().filter(|op| op.api == Api::V2) {
        match call(&client, op).await {
            Ok(body) => {
                answered += 1;
                let recorded = mock.requests().pop();
                let routed = recorded.as_ref().and_then(|r| r.operation);
                if routed.map(|r| r.name) != Some(op.name)
                    && !recorded.is_some_and(|r| r.is_for(op))
                {
                    failures.push(format!(
                        "{}: routed to {:?}",
                        op.name,
                        routed.map(|r| r.name)
                    ));
                }
                let key = format!("{} {}", op.method.as_str(), op.path.as_str());
                let expected = &documented["operations"][key.as_str()]["body"]["type"];
                if body.get("type").unwrap_or(&Value::Null) != expected {
                    failures.push(format!("{}: type {} not {expected}", op.name, body["type"]));
                }
            }
            Err(e) => failures.push(format!("{}: {e}", op.name)),
        }
    }
    assert!(failures.is_empty(), "{answered} answered; {failures:#?}");
    assert_eq!(answered, 231);
}

#[tokio::test]
async fn an_answer_is_about_the_contact_asked_for() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::builder().stateless().start().await?;
    let client = mock.client()?;
    let contact = client
        .contacts()
        .update("6657a1b2c3")
        .email("ada@example.com")
        .await?;
    assert_eq!(contact.id.as_deref(), Some("6657a1b2c3"));
    assert_eq!(contact.email.as_deref(), Some("ada@example.com"));
    let sent = mock.requests_to(&intercom_sdk::v2::meta::UPDATE_CONTACT);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].header("intercom-version"), Some("2.16"));
    Ok(())
}

/// Sends a request by hand; the status and the JSON body.
async fn exchange(
    addr: std::net::SocketAddr,
    head: &str,
    body: &str,
) -> Result<(u16, Value), Box<dyn std::error::Error>> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    let request = format!(
        "{head}\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await?;
    let status = answer.split(' ').nth(1).unwrap_or_default().parse()?;
    let json = answer.split_once("\r\n\r\n").map_or(Value::Null, |(_, b)| {
        serde_json::from_str(b).unwrap_or(Value::Null)
    });
    Ok((status, json))
}

#[tokio::test]
async fn intercom_version_picks_the_api_where_paths_overlap()
-> Result<(), Box<dyn std::error::Error>> {
    let body = r#"{"name": "vip"}"#;
    let head = |version: &str| format!("POST /tags HTTP/1.1\r\nauthorization: Bearer t{version}");
    let mock = MockServer::start().await?;
    exchange(mock.addr(), &head(""), body).await?;
    exchange(mock.addr(), &head("\r\nintercom-version: 2.11"), body).await?;
    exchange(mock.addr(), &head("\r\nintercom-version: 1.4"), body).await?;
    let apis: Vec<Option<Api>> = mock
        .requests()
        .iter()
        .map(|r| r.operation.map(|op| op.api))
        .collect();
    assert_eq!(apis, [Some(Api::V1), Some(Api::V2), Some(Api::V1)]);

    let v2_first = MockServer::builder().default_api(Api::V2).start().await?;
    exchange(v2_first.addr(), &head(""), body).await?;
    // A path only 1.x has is 1.x whatever the default.
    let (status, _) = exchange(
        v2_first.addr(),
        "GET /users/scroll HTTP/1.1\r\nauthorization: Bearer t",
        "",
    )
    .await?;
    assert_eq!(status, 200);
    let apis: Vec<Option<Api>> = v2_first
        .requests()
        .iter()
        .map(|r| r.operation.map(|op| op.api))
        .collect();
    assert_eq!(apis, [Some(Api::V2), Some(Api::V1)]);
    Ok(())
}

/// Intercom's own SDKs ask for 2.14: where its description answers otherwise than 2.16's, the
/// mock answers as 2.14 does (a custom object instance by external id was one instance; 2.16
/// lists them).
#[tokio::test]
async fn a_request_for_2_14_gets_the_2_14_answer() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start().await?;
    let op = meta::find_in(Api::V2, "listCustomObjectInstances").ok_or("in the SDK")?;
    let answer = |version: &'static str| {
        let client = intercom_sdk::Client::builder()
            .base_url(mock.url())
            .token(intercom_mock::MOCK_TOKEN)
            .intercom_version(version)
            .build();
        async move {
            let invocation = client?
                .invoke(op)
                .input("custom_object_type_identifier", "Order")
                .input("external_id", "123");
            let bytes = invocation.bytes().await?;
            Ok::<Value, Box<dyn std::error::Error>>(serde_json::from_slice(&bytes)?)
        }
    };
    assert_eq!(answer("2.16").await?["type"], "list");
    let instance = answer("2.14").await?;
    assert_eq!(instance["type"], "Order", "{instance}");
    assert_eq!(answer("2.9").await?["type"], "Order", "older versions too");
    let sent = mock.requests_to(op);
    assert_eq!(sent.len(), 3, "each routed to the one operation");
    Ok(())
}

/// What Intercom's own SDKs still call that 2.16 no longer has (`runAssignmentRules`, defined in
/// Fern's overrides; deprecated since 2.12) is answered for 2.14, and for 2.16 is a 404.
#[tokio::test]
async fn a_retired_operation_is_answered_for_2_14_only() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start().await?;
    let head = |version: &str, token: &str| {
        format!(
            "POST /conversations/123/run_assignment_rules HTTP/1.1\r\nintercom-version: {version}{token}"
        )
    };
    let bearer = "\r\nauthorization: Bearer t";
    let (status, body) = exchange(mock.addr(), &head("2.14", bearer), "").await?;
    assert_eq!(
        (status, &body["type"]),
        (200, &json!("conversation")),
        "{body}"
    );
    let (status, _) = exchange(mock.addr(), &head("2.14", ""), "").await?;
    assert_eq!(status, 401, "a token is still needed");
    let (status, body) = exchange(mock.addr(), &head("2.16", bearer), "").await?;
    assert_eq!(
        (status, &body["type"]),
        (404, &json!("error.list")),
        "{body}"
    );
    let (status, _) = exchange(
        mock.addr(),
        "POST /conversations//run_assignment_rules HTTP/1.1\r\nintercom-version: 2.14\r\nauthorization: Bearer t",
        "",
    )
    .await?;
    assert_eq!(
        status, 404,
        "a placeholder takes a segment that is not empty"
    );
    Ok(())
}

#[tokio::test]
async fn errors_take_the_2x_shapes() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::builder().default_api(Api::V2).start().await?;
    let (status, body) = exchange(mock.addr(), "GET /tickets/7 HTTP/1.1", "").await?;
    assert_eq!(status, 401);
    assert_eq!(body["type"], "error.list");
    assert_eq!(body["errors"][0]["code"], "unauthorized");

    // A programmed status answers the error the description documents for that operation.
    let tag = meta::find_in(Api::V2, "findTag").ok_or("findTag")?;
    mock.on(tag).reply(Reply::status(404));
    let client = mock.client()?;
    let err = client.tags().find("7").await.err().ok_or("a 404")?;
    assert_eq!(err.status(), Some(404));
    let (_, body) = exchange(
        mock.addr(),
        "GET /tags/7 HTTP/1.1\r\nauthorization: Bearer t",
        "",
    )
    .await?;
    // (as documented for findTag: not the mock's own `request_id`)
    assert_eq!(body["errors"][0]["code"], "not_found", "{body}");
    assert_ne!(body["request_id"], "mock", "{body}");

    // A request that fits no operation is a 400 naming what is wrong.
    let (status, body) = exchange(
        mock.addr(),
        "POST /contacts/search HTTP/1.1\r\nauthorization: Bearer t",
        "{}",
    )
    .await?;
    assert_eq!(status, 400);
    assert_eq!(body["errors"][0]["code"], "parameter_invalid", "{body}");
    Ok(())
}

/// Every 1.x update operation: what a test programs for it fires, and `requests_to` finds the
/// request, also where the update sends the same request as a create (#20, 3).
#[tokio::test]
async fn what_a_test_programs_for_an_update_fires() -> Result<(), Box<dyn std::error::Error>> {
    let updates: Vec<&'static Operation> = meta::all()
        .filter(|op| op.api == Api::V1 && op.name.starts_with("update"))
        .collect();
    assert!(updates.len() >= 4, "{updates:?}");
    for op in updates {
        let mock = MockServer::builder().stateless().start().await?;
        mock.on(op).reply(Reply::status(418));
        let client = mock.client()?;
        let answer = call(&client, op).await;
        assert!(
            answer.as_ref().is_err_and(|e| e.contains("418")),
            "{}: {answer:?}",
            op.name
        );
        assert_eq!(mock.requests_to(op).len(), 1, "{}", op.name);
    }
    Ok(())
}

#[tokio::test]
async fn a_webhook_body_is_signed_as_intercom_signs_it() -> Result<(), Box<dyn std::error::Error>> {
    let body = br#"{"type":"notification_event","topic":"ping","data":{"item":{}}}"#;
    let signature = intercom_mock::sign_webhook("hub-secret", body)?;
    assert!(signature.starts_with("sha1=") && signature.len() == 45);
    let verifier = intercom_sdk::webhooks::Verifier::new("hub-secret")?;
    assert!(verifier.verify(&signature, body).is_ok());
    assert!(intercom_mock::sign_webhook("", body).is_err());
    Ok(())
}

/// `Client::invoke(..).into_stream()` pages a list known only by its metadata: the cursor goes
/// back in the query (lists) or the body (searches), records keep every digit.
#[tokio::test]
async fn an_untyped_stream_follows_cursors() -> Result<(), Box<dyn std::error::Error>> {
    use futures_util::StreamExt;
    let mock = MockServer::start().await?;
    let client = mock.client()?;
    let page = |ids: &[&str], next: Option<&str>| {
        let data: Vec<Value> = ids
            .iter()
            .map(|id| json!({"type": "contact", "id": id}))
            .collect();
        let mut page = json!({"type": "list", "data": data, "pages": {"type": "pages"}});
        if let Some(cursor) = next {
            page["pages"]["next"] = json!({"starting_after": cursor});
        }
        page
    };
    for name in ["ListContacts", "SearchContacts"] {
        let op = meta::find_in(Api::V2, name).ok_or(name)?;
        mock.reset();
        mock.on(op)
            .reply_once(Reply::status(200).json(page(&["a", "b"], Some("c2"))))
            .reply(Reply::status(200).text(
                r#"{"type":"list","data":[{"type":"contact","id":"c","n":12345678901234567890123}],"pages":{}}"#,
            ));
        let mut call = client.invoke(op);
        if name == "SearchContacts" {
            call = call.input(
                "query",
                json!({"field": "email", "operator": "=", "value": "x"}),
            );
        }
        let records: Vec<String> = call
            .into_stream()
            .map(|r| r.map(|raw| raw.as_str().to_owned()))
            .collect::<Vec<_>>()
            .await
            .into_iter()
            .collect::<Result<_, _>>()?;
        assert_eq!(records.len(), 3, "{name}: {records:?}");
        assert!(
            records[2].contains("12345678901234567890123"),
            "{records:?}"
        );
        let sent = mock.requests_to(op);
        assert_eq!(sent.len(), 2, "{name}");
        let cursor = match name {
            "ListContacts" => sent[1].query_value("starting_after").map(str::to_owned),
            _ => sent[1].body().and_then(|b| {
                b["pagination"]["starting_after"]
                    .as_str()
                    .map(str::to_owned)
            }),
        };
        assert_eq!(cursor.as_deref(), Some("c2"), "{name}");
    }
    // An operation that is no list: one error, nothing sent.
    let find = meta::find_in(Api::V2, "ShowContact").ok_or("ShowContact")?;
    mock.reset();
    let results: Vec<_> = client
        .invoke(find)
        .input("contact_id", "1")
        .into_stream()
        .collect()
        .await;
    assert!(matches!(results.as_slice(), [Err(_)]), "{results:?}");
    assert!(mock.requests().is_empty());
    Ok(())
}
