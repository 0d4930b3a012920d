//! The mock remembers (#20, 2): for each remembered resource, create → find → list → search →
//! update → delete see each other; lists page by `per_page` with a true `total_count`; each
//! mock has its own records.

use futures_util::StreamExt;
use intercom_mock::MockServer;
use intercom_sdk::meta::{self, Api};
use intercom_sdk::{Client, Error, IdType};
use serde_json::{Value, json};

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

/// Calls the 2.x operation `name` with `inputs` (an object of input names and values).
async fn v2(client: &Client, name: &str, inputs: Value) -> std::result::Result<Value, Error> {
    let op = meta::find_in(Api::V2, name).unwrap_or_else(|| panic!("{name} is not in the SDK"));
    let mut call = client.invoke(op);
    for (key, value) in inputs.as_object().into_iter().flatten() {
        call = call.input(key, value.clone());
    }
    call.send::<Value>().await
}

/// The ids of a list answer's records (its first array member).
fn ids(page: &Value) -> Vec<String> {
    let records = page
        .as_object()
        .and_then(|o| o.values().find_map(Value::as_array))
        .cloned()
        .unwrap_or_default();
    records
        .iter()
        .filter_map(|r| r["id"].as_str().map(str::to_owned))
        .collect()
}

/// Creates the 2.x contact ada@example.com; its id.
async fn create_ada(client: &Client) -> Result<String> {
    let contact = v2(client, "CreateContact", json!({"email": "ada@example.com"})).await?;
    Ok(contact["id"].as_str().ok_or("an id")?.to_owned())
}

fn is_404(result: &std::result::Result<Value, Error>) -> bool {
    matches!(result, Err(e) if e.status() == Some(404))
}

#[tokio::test]
async fn contacts_created_are_found_listed_searched_updated_and_deleted() -> Result {
    let mock = MockServer::start().await?;
    let client = mock.client()?;
    let created = v2(
        &client,
        "CreateContact",
        json!({"email": "ada@example.com", "role": "user"}),
    )
    .await?;
    let id = created["id"].as_str().ok_or("an id")?.to_owned();
    assert_eq!(created["email"], "ada@example.com");

    let found = v2(&client, "ShowContact", json!({"contact_id": id})).await?;
    assert_eq!(found["email"], "ada@example.com");
    let listed = v2(&client, "ListContacts", json!({})).await?;
    assert!(ids(&listed).contains(&id), "{listed}");
    assert_eq!(listed["total_count"], json!(ids(&listed).len()));

    let query = json!({"operator": "AND", "value": [
        {"field": "email", "operator": "~", "value": "example.com"},
        {"operator": "OR", "value": [
            {"field": "role", "operator": "=", "value": "lead"},
            {"field": "role", "operator": "=", "value": "user"}
        ]}
    ]});
    let searched = v2(&client, "SearchContacts", json!({"query": query})).await?;
    assert_eq!(ids(&searched), std::slice::from_ref(&id), "{searched}");

    v2(
        &client,
        "UpdateContact",
        json!({"contact_id": id, "name": "Ada L", "custom_attributes": {"plan": "pro"}}),
    )
    .await?;
    let found = v2(&client, "ShowContact", json!({"contact_id": id})).await?;
    assert_eq!(found["name"], "Ada L");
    let by_plan = json!({"field": "custom_attributes.plan", "operator": "=", "value": "pro"});
    let searched = v2(&client, "SearchContacts", json!({"query": by_plan})).await?;
    assert_eq!(ids(&searched), std::slice::from_ref(&id));

    v2(&client, "DeleteContact", json!({"contact_id": id})).await?;
    assert!(is_404(
        &v2(&client, "ShowContact", json!({"contact_id": id})).await
    ));
    let listed = v2(&client, "ListContacts", json!({})).await?;
    assert!(!ids(&listed).contains(&id));
    Ok(())
}

#[tokio::test]
async fn tags_attach_to_contacts_and_detach() -> Result {
    let mock = MockServer::start().await?;
    let client = mock.client()?;
    let contact_id = create_ada(&client).await?;
    let tag = v2(&client, "createTag", json!({"body": {"name": "vip"}})).await?;
    let tag_id = tag["id"].as_str().ok_or("an id")?.to_owned();
    let again = v2(&client, "createTag", json!({"body": {"name": "vip"}})).await?;
    assert_eq!(
        again["id"], tag["id"],
        "a tag is created or updated by name"
    );
    assert!(ids(&v2(&client, "listTags", json!({})).await?).contains(&tag_id));

    v2(
        &client,
        "attachTagToContact",
        json!({"contact_id": contact_id, "id": tag_id}),
    )
    .await?;
    let tags = v2(
        &client,
        "listTagsForAContact",
        json!({"contact_id": contact_id}),
    )
    .await?;
    assert_eq!(ids(&tags), std::slice::from_ref(&tag_id));
    let found = v2(&client, "ShowContact", json!({"contact_id": contact_id})).await?;
    assert_eq!(found["tags"]["data"][0]["id"], tag_id.as_str(), "{found}");

    v2(
        &client,
        "detachTagFromContact",
        json!({"contact_id": contact_id, "tag_id": tag_id}),
    )
    .await?;
    let tags = v2(
        &client,
        "listTagsForAContact",
        json!({"contact_id": contact_id}),
    )
    .await?;
    assert!(ids(&tags).is_empty());
    v2(&client, "deleteTag", json!({"tag_id": tag_id})).await?;
    assert!(is_404(
        &v2(&client, "findTag", json!({"tag_id": tag_id})).await
    ));
    Ok(())
}

#[tokio::test]
async fn contacts_join_and_leave_conversations() -> Result {
    let mock = MockServer::start().await?;
    let client = mock.client()?;
    let contact_id = create_ada(&client).await?;
    let in_conversation = |conversation: &Value| -> Vec<String> {
        let list = conversation["contacts"]["contacts"].as_array();
        let ids = list.into_iter().flatten().filter_map(|c| c["id"].as_str());
        ids.map(str::to_owned).collect()
    };

    // By email: the contact created above, answered as the conversation, as its schema says.
    let joined = v2(
        &client,
        "attachContactToConversation",
        json!({"conversation_id": "123", "admin_id": "1", "customer": {"email": "ada@example.com"}}),
    )
    .await?;
    assert_eq!(joined["type"], "conversation", "{joined}");
    assert!(in_conversation(&joined).contains(&contact_id), "{joined}");
    let found = v2(
        &client,
        "retrieveConversation",
        json!({"conversation_id": "123"}),
    )
    .await?;
    assert_eq!(in_conversation(&found), in_conversation(&joined));

    // By an Intercom id never seen: that contact is made on demand, and is then found.
    let other = "6762f19b1bb69f9f2193bbd4";
    let customer = json!({"intercom_user_id": other});
    let args = json!({"conversation_id": "123", "admin_id": "1", "customer": customer});
    let joined = v2(&client, "attachContactToConversation", args).await?;
    assert!(
        in_conversation(&joined).contains(&other.to_owned()),
        "{joined}"
    );
    v2(&client, "ShowContact", json!({"contact_id": other})).await?;

    let args = json!({"conversation_id": "123", "contact_id": contact_id, "admin_id": "1"});
    let left = v2(&client, "detachContactFromConversation", args).await?;
    assert_eq!(left["type"], "conversation");
    assert!(!in_conversation(&left).contains(&contact_id), "{left}");
    assert!(in_conversation(&left).contains(&other.to_owned()), "{left}");

    // A deleted conversation has no one to join.
    v2(
        &client,
        "deleteConversation",
        json!({"conversation_id": "123"}),
    )
    .await?;
    let args = json!({"conversation_id": "123", "admin_id": "1", "customer": customer});
    assert!(is_404(
        &v2(&client, "attachContactToConversation", args).await
    ));
    Ok(())
}

#[tokio::test]
async fn companies_notes_tickets_data_attributes_and_events_are_remembered() -> Result {
    let mock = MockServer::start().await?;
    let client = mock.client()?;
    // Companies: created or updated by company_id.
    let company = v2(
        &client,
        "createOrUpdateCompany",
        json!({"company_id": "c9", "name": "Acme"}),
    )
    .await?;
    let company_id = company["id"].as_str().ok_or("an id")?.to_owned();
    let same = v2(
        &client,
        "createOrUpdateCompany",
        json!({"company_id": "c9", "name": "Acme Inc"}),
    )
    .await?;
    assert_eq!(same["id"], company["id"]);
    let found = v2(
        &client,
        "RetrieveACompanyById",
        json!({"company_id": company_id}),
    )
    .await?;
    assert_eq!(found["name"], "Acme Inc");
    v2(&client, "UpdateCompany", json!({"company_id": company_id})).await?;
    v2(&client, "deleteCompany", json!({"company_id": company_id})).await?;
    assert!(is_404(
        &v2(
            &client,
            "RetrieveACompanyById",
            json!({"company_id": company_id})
        )
        .await
    ));

    // Notes on a contact.
    let contact_id = create_ada(&client).await?;
    let note = v2(
        &client,
        "createNote",
        json!({"contact_id": contact_id, "body": "Met at the fair", "admin_id": "1"}),
    )
    .await?;
    let note_id = note["id"].as_str().ok_or("an id")?.to_owned();
    assert_eq!(note["contact"]["id"], contact_id.as_str());
    let found = v2(&client, "retrieveNote", json!({"note_id": note_id})).await?;
    assert_eq!(found["body"], "Met at the fair");
    let notes = v2(&client, "listNotes", json!({"contact_id": contact_id})).await?;
    assert_eq!(ids(&notes), [note_id]);

    // Tickets.
    let ticket = v2(
        &client,
        "createTicket",
        json!({"ticket_type_id": "1", "contacts": [{"id": contact_id}]}),
    )
    .await?;
    let ticket_id = ticket["id"].as_str().ok_or("an id")?.to_owned();
    v2(
        &client,
        "updateTicket",
        json!({"ticket_id": ticket_id, "open": false}),
    )
    .await?;
    let found = v2(&client, "getTicket", json!({"ticket_id": ticket_id})).await?;
    assert_eq!(found["open"], false, "{found}");
    let closed = json!({"field": "open", "operator": "=", "value": false});
    let searched = v2(&client, "searchTickets", json!({"query": closed})).await?;
    assert!(ids(&searched).contains(&ticket_id), "{searched}");
    v2(&client, "deleteTicket", json!({"ticket_id": ticket_id})).await?;
    assert!(is_404(
        &v2(&client, "getTicket", json!({"ticket_id": ticket_id})).await
    ));

    // Data attributes.
    let attribute = v2(
        &client,
        "createDataAttribute",
        json!({"name": "plan", "model": "contact", "data_type": "string"}),
    )
    .await?;
    assert!(
        attribute["id"].is_number(),
        "ids of the kind the API gives: {attribute}"
    );
    let attribute_id = attribute["id"].to_string();
    v2(
        &client,
        "updateDataAttribute",
        json!({"data_attribute_id": attribute_id, "description": "The plan"}),
    )
    .await?;
    let listed = v2(&client, "lisDataAttributes", json!({"model": "contact"})).await?;
    let plan = listed["data"]
        .as_array()
        .and_then(|a| a.iter().find(|r| r["name"] == "plan"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(plan["description"], "The plan", "{listed}");

    // Events.
    v2(
        &client,
        "createDataEvent",
        json!({"event_name": "paid", "created_at": 1700000000, "user_id": "u1"}),
    )
    .await?;
    let events = v2(
        &client,
        "lisDataEvents",
        json!({"type": "user", "user_id": "u1"}),
    )
    .await?;
    let names: Vec<&Value> = events["events"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| &e["event_name"])
        .collect();
    assert_eq!(names, [&json!("paid")], "{events}");
    Ok(())
}

#[tokio::test]
async fn lists_page_by_per_page_with_a_true_total_and_next() -> Result {
    let mock = MockServer::start().await?;
    let client = mock.client()?;
    let seeded = mock.records(Api::V2, "conversations").len();
    for i in 0..5 {
        let from = json!({"type": "user", "id": format!("u{i}")});
        v2(
            &client,
            "createConversation",
            json!({"from": from, "body": "hi"}),
        )
        .await?;
    }
    let total = seeded + 5;
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..10 {
        let mut inputs = json!({"per_page": 2});
        if let Some(c) = &cursor {
            inputs["starting_after"] = json!(c);
        }
        let page = v2(&client, "listConversations", inputs).await?;
        assert_eq!(page["total_count"], json!(total), "{page}");
        assert_eq!(page["pages"]["total_pages"], json!(total.div_ceil(2)));
        seen.extend(ids(&page));
        cursor = page["pages"]["next"]["starting_after"]
            .as_str()
            .map(str::to_owned);
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(seen.len(), total, "{seen:?}");
    seen.dedup();
    assert_eq!(seen.len(), total, "each once");

    // The SDK's own stream over 1.x pages (next links) sees every user once.
    for i in 0..7 {
        client
            .create_user_by_email(format!("u{i}@example.com"))
            .await?;
    }
    let users: Vec<_> = client.get_users().per_page(3).into_stream().collect().await;
    let expected = mock.records(Api::V1, "users").len();
    assert_eq!(users.len(), expected);
    assert!(users.iter().all(|u| u.is_ok()));
    Ok(())
}

#[tokio::test]
async fn users_leads_companies_tags_and_notes_of_1x_are_remembered() -> Result {
    let mock = MockServer::start().await?;
    let client = mock.client()?;
    // Users: created, found, updated by the same upsert, listed, deleted.
    let user = client
        .create_user_by_email("ada@example.com")
        .name("Ada")
        .await?;
    let found = client
        .get_single_user("ada@example.com", IdType::Email)
        .await?;
    assert_eq!(found.id, user.id);
    client
        .update_user_by_email("ada@example.com")
        .name("Ada L")
        .await?;
    let found = client
        .get_single_user("ada@example.com", IdType::Email)
        .await?;
    assert_eq!(found.name.as_deref(), Some("Ada L"));
    let id = user.id.map(|i| i.to_string()).ok_or("an id")?;
    let listed = serde_json::to_value(client.get_users().per_page(150).await?)?;
    assert!(ids(&listed).contains(&id));
    client.tag_user("vip", [json!({"id": id})]).await?;
    let tagged = serde_json::to_value(client.get_single_user(&id, IdType::IntercomId).await?)?;
    assert_eq!(tagged["tags"]["tags"][0]["name"], "vip", "{tagged}");
    let note = client.create_note(&id, IdType::IntercomId, "Called").await;
    assert!(note.is_ok(), "{note:?}");
    client.delete_user(&id, IdType::IntercomId).await?;
    let gone = client.get_single_user(&id, IdType::IntercomId).await;
    assert!(matches!(gone, Err(e) if e.status() == Some(404)));
    let gone = client
        .get_single_user("ada@example.com", IdType::Email)
        .await;
    assert!(
        matches!(gone, Err(e) if e.status() == Some(404)),
        "by email too"
    );

    // A user never created is made on demand, and what is done to it is remembered.
    let bob = client
        .get_single_user("bob@example.com", IdType::Email)
        .await?;
    assert_eq!(bob.email.as_deref(), Some("bob@example.com"));
    let again = client
        .get_single_user("bob@example.com", IdType::Email)
        .await?;
    assert_eq!(again.id, bob.id);

    // Leads and companies.
    let lead = client.create_lead().name("Lea").await?;
    let lead_id = lead.id.map(|i| i.to_string()).ok_or("an id")?;
    let leads = mock.records(Api::V1, "contacts");
    assert!(
        leads
            .iter()
            .any(|l| l["id"] == lead_id.as_str() && l["name"] == "Lea")
    );
    client.create_company("c1").name("Acme").await?;
    client.create_company("c1").name("Acme Inc").await?;
    let companies = mock.records(Api::V1, "companies");
    let acme: Vec<_> = companies
        .iter()
        .filter(|c| c["company_id"] == "c1")
        .collect();
    assert_eq!(acme.len(), 1, "{acme:?}");
    assert_eq!(acme[0]["name"], "Acme Inc");

    // A lead converted is a lead no more, and a user with what it held.
    let user = client
        .convert_lead_to_user(&lead_id, IdType::IntercomId)
        .await?;
    assert_eq!(
        (user.r#type(), user.name()),
        (Some("user"), Some("Lea")),
        "{user:?}"
    );
    let gone = client.get_single_lead(&lead_id, IdType::IntercomId).await;
    assert!(
        matches!(&gone, Err(e) if e.status() == Some(404)),
        "{gone:?}"
    );
    let users = mock.records(Api::V1, "users");
    assert!(
        users
            .iter()
            .any(|u| u["name"] == "Lea" && u["type"] == "user")
    );
    Ok(())
}

#[tokio::test]
async fn each_mock_has_its_own_records_and_a_stateless_one_keeps_none() -> Result {
    let (a, b) = (MockServer::start().await?, MockServer::start().await?);
    a.client()?
        .create_user_by_email("only-a@example.com")
        .await?;
    let in_a = |u: &Value| u["email"] == "only-a@example.com";
    assert!(a.records(Api::V1, "users").iter().any(in_a));
    assert!(!b.records(Api::V1, "users").iter().any(in_a));

    let fixed = MockServer::builder().stateless().start().await?;
    let client = fixed.client()?;
    client.create_user_by_email("ada@example.com").await?;
    assert!(
        fixed
            .records(Api::V1, "users")
            .iter()
            .all(|u| u["email"] != "ada@example.com")
    );
    Ok(())
}

/// `intercom mock` runs as a process: a `POST` to `RESET_PATH` forgets, as `reset()` does.
#[tokio::test]
async fn a_post_to_the_reset_path_forgets_what_the_mock_was_told() -> Result {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mock = MockServer::start().await?;
    mock.client()?
        .create_user_by_email("ada@example.com")
        .await?;
    let kept = |mock: &MockServer| {
        let users = mock.records(Api::V1, "users");
        users.iter().any(|u| u["email"] == "ada@example.com")
    };
    assert!(kept(&mock));
    assert_eq!(mock.requests().len(), 1);

    let addr = mock.url().trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    let request = format!(
        "POST {} HTTP/1.1\r\nHost: mock\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        intercom_mock::RESET_PATH
    );
    stream.write_all(request.as_bytes()).await?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await?;
    assert!(answer.starts_with("HTTP/1.1 204"), "{answer}");
    assert!(!kept(&mock), "records start again from the examples");
    assert!(mock.requests().is_empty(), "the reset itself is not kept");
    Ok(())
}

/// #22, 3: a stream of pages, each with its number and the list's totals, for progress.
#[tokio::test]
async fn pages_carry_their_number_and_the_lists_totals() -> Result {
    let mock = MockServer::start().await?;
    let client = mock.client()?;
    for i in 0..7 {
        client
            .create_user_by_email(format!("p{i}@example.com"))
            .await?;
    }
    let total = mock.records(Api::V1, "users").len();
    let pages: Vec<_> = client.get_users().per_page(3).into_pages().collect().await;
    let pages: Vec<_> = pages.into_iter().collect::<std::result::Result<_, _>>()?;
    assert_eq!(pages.len(), total.div_ceil(3));
    let numbers: Vec<Option<i64>> = pages.iter().map(|p| p.number).collect();
    let expected: Vec<Option<i64>> = (1..=pages.len()).map(|n| Some(n as i64)).collect();
    assert_eq!(numbers, expected);
    assert!(pages.iter().all(|p| p.total_count == Some(total as i64)));
    assert_eq!(pages.iter().map(|p| p.records.len()).sum::<usize>(), total);

    // 2.x, by cursor.
    for i in 0..4 {
        let from = json!({"type": "user", "id": format!("u{i}")});
        v2(
            &client,
            "createConversation",
            json!({"from": from, "body": "hi"}),
        )
        .await?;
    }
    let total = mock.records(Api::V2, "conversations").len();
    let pages: Vec<_> = client
        .conversations()
        .list()
        .per_page(2)
        .into_pages()
        .collect()
        .await;
    let pages: Vec<_> = pages.into_iter().collect::<std::result::Result<_, _>>()?;
    assert_eq!(pages.len(), total.div_ceil(2));
    assert!(
        pages.iter().all(|p| p.total_count == Some(total as i64)
            && p.total_pages == Some(total.div_ceil(2) as i64))
    );
    Ok(())
}
