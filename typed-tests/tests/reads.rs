//! Reads against the emulator: asking for more properties adds to the typed ones, reads with
//! hundreds of properties keep every URL within the limit (through a proxy that answers 414
//! beyond it, as HubSpot does), and associations are filed under the key asked for.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::TryStreamExt;
use hubspot_crm::companies::{Company, CompanyProperties};
use hubspot_crm::contacts::{self, ContactProperties};
use hubspot_crm::runtime::client::{max_url_chars, ListOptions, NewProperty, NewSchema};
use hubspot_crm::runtime::PropertyKind;
use hubspot_crm::{Client, Field};
use hubspot_crm_emulator::{Config, Emulator};

async fn setup() -> (Emulator, Client) {
    let config = Config {
        rate_limit: 100_000,
        rate_window: Duration::from_millis(10),
        search_per_second: 100_000,
        ..Config::default()
    };
    let emulator = Emulator::start(config).await.expect("emulator");
    let client = client_at(&emulator, &emulator.base_url());
    (emulator, client)
}

fn client_at(emulator: &Emulator, base_url: &str) -> Client {
    Client::builder()
        .token(emulator.token())
        .base_url(base_url)
        .build()
        .expect("client")
}

/// Creates a property group and string properties `names` on contacts.
async fn contact_properties(client: &Client, names: &[String]) {
    client
        .contacts()
        .create_property_group("measurements", "Measurements")
        .await
        .expect("group");
    for name in names {
        client
            .contacts()
            .create_property(
                &NewProperty::new(name.as_str(), PropertyKind::String).in_group("measurements"),
            )
            .await
            .expect("property");
    }
}

fn with_custom(email: &str, custom: &[(String, String)]) -> ContactProperties {
    let mut p = ContactProperties {
        email: email.into(),
        ..Default::default()
    };
    for (k, v) in custom {
        p.custom.insert(k.clone(), Some(v.clone()));
    }
    p
}

#[tokio::test]
async fn asking_for_more_properties_adds_to_the_typed_ones() {
    let (_emulator, client) = setup().await;
    contact_properties(&client, &["shoe_size".to_string()]).await;
    let mut props = with_custom("feet@example.com", &[("shoe_size".into(), "44".into())]);
    props.jobtitle = "Cobbler".into();
    let created = client.contacts().create(props).await.expect("created");
    let shoe = |p: &ContactProperties| p.custom.get("shoe_size").cloned().flatten();

    let plain = client.contacts().get(&created.id).await.unwrap();
    assert_eq!(plain.properties.jobtitle, Field::Set("Cobbler".into()));
    assert_eq!(shoe(&plain.properties), None, "not asked for");

    let more = client
        .contacts()
        .get_with(&created.id)
        .properties(["shoe_size"])
        .send()
        .await
        .unwrap();
    assert_eq!(shoe(&more.properties).as_deref(), Some("44"));
    assert_eq!(
        more.properties.email,
        Field::Set("feet@example.com".into()),
        "the typed properties are still asked for"
    );
    assert_eq!(more.properties.jobtitle, Field::Set("Cobbler".into()));

    let by_email = client
        .contacts()
        .get_by_with(contacts::unique::EMAIL, "feet@example.com")
        .properties(["shoe_size"])
        .send()
        .await
        .unwrap();
    assert_eq!(by_email.id, created.id);
    assert_eq!(shoe(&by_email.properties).as_deref(), Some("44"));
    assert_eq!(by_email.properties.jobtitle, Field::Set("Cobbler".into()));

    let listed: Vec<_> = client
        .contacts()
        .list_with(ListOptions {
            properties: vec!["shoe_size".into()],
            ..ListOptions::default()
        })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(shoe(&listed[0].properties).as_deref(), Some("44"));
    assert_eq!(listed[0].properties.jobtitle, Field::Set("Cobbler".into()));

    let found = client
        .contacts()
        .search()
        .filter(contacts::props::EMAIL.eq("feet@example.com".to_string()))
        .properties(["shoe_size"])
        .page(None)
        .await
        .unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(shoe(&found.results[0].properties).as_deref(), Some("44"));
    assert_eq!(
        found.results[0].properties.jobtitle,
        Field::Set("Cobbler".into()),
        "search properties add to the typed ones"
    );
}

/// What the proxy saw of one request.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    target: String,
    url_len: usize,
    refused: bool,
}

/// A proxy in front of the emulator that answers `414 URI Too Long` to a URL longer than
/// `max` characters, as HubSpot does, passes everything else on, and keeps what it saw.
struct UrlGuard {
    base_url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl UrlGuard {
    fn start(upstream: SocketAddr, max: usize) -> UrlGuard {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let base_url = format!("http://{}", listener.local_addr().expect("addr"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (base, log) = (base_url.clone(), seen.clone());
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let (base, log) = (base.clone(), log.clone());
                std::thread::spawn(move || {
                    let _ = pass_on(conn, upstream, &base, max, &log);
                });
            }
        });
        UrlGuard { base_url, seen }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("log").clone()
    }
}

/// Serves one request on `conn` (the client is told to close the connection afterwards).
fn pass_on(
    mut conn: TcpStream,
    upstream: SocketAddr,
    base: &str,
    max: usize,
    log: &Mutex<Vec<Seen>>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line)? == 0 {
        return Ok(());
    }
    let mut headers = Vec::new();
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
        if !lower.starts_with("connection:") {
            headers.push(line);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let target = parts.next().unwrap_or_default().to_string();
    let url_len = base.len() + target.len();
    let refused = url_len > max;
    log.lock().expect("log").push(Seen {
        method,
        target,
        url_len,
        refused,
    });
    if refused {
        let body = r#"{"status":"error","message":"URI Too Long","category":"URI_TOO_LONG"}"#;
        write!(
            conn,
            "HTTP/1.1 414 URI Too Long\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )?;
        return Ok(());
    }
    let mut up = TcpStream::connect(upstream)?;
    up.write_all(request_line.as_bytes())?;
    for h in &headers {
        up.write_all(h.as_bytes())?;
    }
    up.write_all(b"connection: close\r\n\r\n")?;
    up.write_all(&body)?;
    let mut answer = Vec::new();
    up.read_to_end(&mut answer)?;
    conn.write_all(&answer)
}

#[tokio::test]
async fn hundreds_of_properties_stay_within_the_url_limit() {
    let (emulator, direct) = setup().await;
    let names: Vec<String> = (0..400)
        .map(|i| format!("measurement_number_{i:03}"))
        .collect();
    let joined: usize = names.iter().map(|n| n.len() + "%2C".len()).sum();
    assert!(
        joined > max_url_chars(),
        "the names alone ({joined}) must not fit in one URL ({}) for this test to mean anything",
        max_url_chars()
    );
    contact_properties(&direct, &names).await;
    let values: Vec<(String, String)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), format!("v{i}")))
        .collect();
    let mut ids = Vec::new();
    for i in 0..3 {
        let email = format!("wide{i}@example.com");
        let created = direct
            .contacts()
            .create(with_custom(&email, &values))
            .await
            .expect("created");
        ids.push(created.id);
    }

    let guard = UrlGuard::start(emulator.addr(), max_url_chars());
    let client = client_at(&emulator, &guard.base_url);
    let complete = |custom: &std::collections::BTreeMap<String, Option<String>>| {
        values
            .iter()
            .all(|(n, v)| custom.get(n).and_then(|x| x.as_deref()) == Some(v.as_str()))
    };

    let one = client
        .contacts()
        .get_with(&ids[0])
        .properties(names.iter().cloned())
        .send()
        .await
        .expect("read within the limit");
    assert!(complete(&one.properties.custom), "every property read");
    assert_eq!(one.properties.email, Field::Set("wide0@example.com".into()));

    let by_email = client
        .contacts()
        .get_by_with(contacts::unique::EMAIL, "wide1@example.com")
        .properties(names.iter().cloned())
        .send()
        .await
        .expect("read by email within the limit");
    assert_eq!(by_email.id, ids[1]);
    assert!(complete(&by_email.properties.custom));

    let listed: Vec<_> = client
        .contacts()
        .list_with(ListOptions {
            page_size: 2,
            properties: names.clone(),
            ..ListOptions::default()
        })
        .try_collect()
        .await
        .expect("listed within the limit");
    assert_eq!(listed.len(), 3);
    assert!(listed.iter().all(|r| complete(&r.properties.custom)));
    assert!(listed.iter().all(|r| r.properties.email.is_set()));

    let dynamic = client.object("contacts");
    let raw = dynamic
        .get_with(ids[2].as_str())
        .properties(names.iter().cloned())
        .send()
        .await
        .expect("dynamic read within the limit");
    assert!(complete(&raw.properties));
    let raw_listed: Vec<_> = dynamic
        .list_with(ListOptions {
            properties: names.clone(),
            ..ListOptions::default()
        })
        .try_collect()
        .await
        .expect("dynamic listing within the limit");
    assert_eq!(raw_listed.len(), 3);
    assert!(raw_listed.iter().all(|r| complete(&r.properties)));

    let seen = guard.seen();
    assert!(
        seen.iter().all(|s| !s.refused),
        "no URL over the limit: {:?}",
        seen.iter()
            .filter(|s| s.refused)
            .map(|s| (&s.method, s.url_len))
            .collect::<Vec<_>>()
    );
    let longest = seen.iter().map(|s| s.url_len).max().unwrap_or(0);
    assert!(
        longest > max_url_chars() / 2,
        "the URL is filled with properties first ({longest})"
    );
    let batch_reads = seen
        .iter()
        .filter(|s| s.method == "POST" && s.target.ends_with("/batch/read"))
        .count();
    // One per single read and one per page: 2 typed reads, 2 typed pages, 1 dynamic read and 1
    // dynamic page.
    assert_eq!(batch_reads, 2 + 2 + 1 + 1, "{seen:#?}");
}

fn sorted_keys<V>(map: &std::collections::BTreeMap<String, V>) -> Vec<String> {
    map.keys().cloned().collect()
}

fn sorted<const N: usize>(keys: [&str; N]) -> Vec<String> {
    let mut keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    keys.sort_unstable();
    keys
}

#[tokio::test]
async fn associations_are_filed_under_the_key_asked_for() {
    let (_emulator, client) = setup().await;
    let schema = client
        .schemas()
        .create(&NewSchema {
            name: "pets".into(),
            singular: "Pet".into(),
            plural: "Pets".into(),
            primary_display_property: "pet_name".into(),
            required_properties: vec!["pet_name".into()],
            searchable_properties: vec!["pet_name".into()],
            properties: vec![NewProperty::new("pet_name", PropertyKind::String)],
            associated_objects: vec!["contacts".into()],
            allows_sensitive_properties: false,
        })
        .await
        .expect("schema");
    let pets_type = schema.object_type_id.clone();
    assert!(pets_type.starts_with("2-"), "{pets_type}");
    let pets = client.object(&pets_type);
    let rex = pets
        .create(&[("pet_name".to_string(), Some("Rex".to_string()))].into())
        .await
        .unwrap();
    let owner = client
        .contacts()
        .create(with_custom("owner@example.com", &[]))
        .await
        .unwrap();
    let lonely = client
        .contacts()
        .create(with_custom("lonely@example.com", &[]))
        .await
        .unwrap();
    let acme = client
        .companies()
        .create(CompanyProperties {
            name: "Acme".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    pets.associate(&rex.id, "contacts", owner.id.as_str())
        .await
        .unwrap();
    client
        .contacts()
        .associate(&owner.id, &acme.id)
        .await
        .unwrap();

    // One type asked by ID: HubSpot answers under its plural name.
    let read = client
        .contacts()
        .get_with(&owner.id)
        .associations_to([pets_type.as_str()])
        .send()
        .await
        .unwrap();
    let keys: Vec<&String> = read.associations.keys().collect();
    assert_eq!(keys, [&pets_type], "filed under the key asked for");
    assert_eq!(read.associations[&pets_type][0].id, rex.id);

    // Two types asked by ID, neither answered under the key asked for.
    let read = client
        .contacts()
        .get_with(&owner.id)
        .associations_to([pets_type.as_str(), "0-2"])
        .send()
        .await
        .unwrap();
    assert_eq!(sorted_keys(&read.associations), sorted([&pets_type, "0-2"]));
    assert_eq!(read.associations[&pets_type][0].id, rex.id);
    assert_eq!(read.associations["0-2"][0].id, acme.id.as_str());

    // The typed form files under the object's name; one type asked twice is filed twice.
    let read = client
        .contacts()
        .get_with(&owner.id)
        .associations_to(["0-2", pets_type.as_str()])
        .associations::<Company>()
        .send()
        .await
        .unwrap();
    assert_eq!(
        sorted_keys(&read.associations),
        sorted([&pets_type, "0-2", "companies"])
    );
    assert_eq!(read.associations[&pets_type][0].id, rex.id);
    assert_eq!(read.associations["0-2"], read.associations["companies"]);
    assert_eq!(read.associations["companies"].len(), 1);
    assert_eq!(read.associations["companies"][0].id, acme.id.as_str());

    // A type asked for that the record has none of: an empty list under its key.
    let read = client
        .contacts()
        .get_with(&lonely.id)
        .associations_to([pets_type.as_str()])
        .send()
        .await
        .unwrap();
    assert_eq!(read.associations.get(&pets_type), Some(&Vec::new()));

    // Listings file every page under the keys asked for.
    let listed: Vec<_> = client
        .contacts()
        .list_with(ListOptions {
            page_size: 1,
            associations: vec![pets_type.clone(), "0-2".into()],
            ..ListOptions::default()
        })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
    for record in &listed {
        assert_eq!(
            sorted_keys(&record.associations),
            sorted([&pets_type, "0-2"]),
            "{record:?}"
        );
        let pets_of = record.associations[&pets_type].len();
        assert_eq!(pets_of, usize::from(record.id == owner.id), "{record:?}");
    }

    // The dynamic handle does the same.
    let pet = pets
        .get_with(&rex.id)
        .properties(["pet_name"])
        .associations_to(["0-1"])
        .send()
        .await
        .unwrap();
    assert_eq!(pet.properties["pet_name"].as_deref(), Some("Rex"));
    let keys: Vec<&String> = pet.associations.keys().collect();
    assert_eq!(keys, ["0-1"]);
    assert_eq!(pet.associations["0-1"][0].id, owner.id.as_str());
}

#[test]
fn reads_and_their_streams_can_move_between_threads() {
    fn send<T: Send>(_: &T) {}
    let client = Client::new("pat-test");
    let id = contacts::ContactId::new("1".to_string());
    send(&client.contacts().get_with(&id).properties(["x"]).send());
    send(&client.contacts().list_with(ListOptions::default()));
    send(&client.contacts().search().stream());
    send(&client.contacts().search().stream_all());
    let cars = client.object("2-1");
    send(&cars.get_with("1").associations_to(["0-1"]).send());
    send(&cars.list_with(ListOptions::default()));
    send(&cars.search().stream());
    send(&cars.batch_read(&["1"], &[]));
    send(&cars.associations("1", "0-1"));
}
