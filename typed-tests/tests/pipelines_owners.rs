//! Pipelines and owners through the typed client, against the emulator: pipeline and stage
//! IDs come back as the objects' generated enums, a created stage is set on a record through
//! the enum's `Unlisted` variant, changes are read back from the pipelines' and stages'
//! audits, and owners page as a stream.

use futures_util::TryStreamExt;
use hubspot_crm::deals::{DealProperties, Dealstage, Pipeline as DealPipeline};
use hubspot_crm::runtime::client::{
    NewPipeline, NewStage, OwnerListOptions, PipelineAuditEntry, PipelineUpdate, StageUpdate,
};
use hubspot_crm::tickets::{HsPipeline, HsPipelineStage};
use hubspot_crm::{Client, Field, HasPipelines};
use hubspot_crm_emulator::{Config, Emulator};

async fn setup() -> (Emulator, Client) {
    let emulator = Emulator::start(Config::default()).await.expect("emulator");
    let client = Client::builder()
        .token(emulator.token())
        .base_url(emulator.base_url())
        .build()
        .expect("client");
    (emulator, client)
}

fn deal(name: &str, pipeline: Option<DealPipeline>, stage: Dealstage) -> DealProperties {
    DealProperties {
        dealname: Field::Set(name.to_string()),
        pipeline: pipeline.map_or(Field::Unset, Field::Set),
        dealstage: Field::Set(stage),
        ..Default::default()
    }
}

fn renewals() -> NewPipeline {
    NewPipeline::new(
        "Renewals",
        vec![
            NewStage::new("Renewal due", 0).metadata("probability", "0.5"),
            NewStage::new("Renewed", 1)
                .metadata("probability", "1.0")
                .metadata("isClosed", "true"),
        ],
    )
}

#[tokio::test]
async fn the_default_pipelines_come_back_as_the_generated_enums() {
    let (_emulator, client) = setup().await;
    let deals = client.deals().pipelines().list().await.expect("listed");
    assert_eq!(deals.len(), 1);
    let sales = &deals[0];
    assert_eq!(sales.id, DealPipeline::SalesPipeline);
    assert_eq!(sales.label, "Sales Pipeline");
    let stages: Vec<&Dealstage> = sales.stages.iter().map(|s| &s.id).collect();
    assert_eq!(
        stages,
        [
            &Dealstage::AppointmentScheduled,
            &Dealstage::QualifiedToBuy,
            &Dealstage::PresentationScheduled,
            &Dealstage::DecisionMakerBoughtIn,
            &Dealstage::ContractSent,
            &Dealstage::ClosedWon,
            &Dealstage::ClosedLost,
        ]
    );
    let won = sales.stage("Closed won").expect("closed won");
    assert_eq!(won.metadata["probability"], "1.0");
    assert!(won.created_at.is_some());

    let support = client
        .tickets()
        .pipelines()
        .get(&HsPipeline::SupportPipeline)
        .await
        .expect("ticket pipeline");
    assert_eq!(support.stages[0].id, HsPipelineStage::New);
    assert_eq!(support.stages[3].id, HsPipelineStage::Closed);
    assert_eq!(support.stages[3].metadata["ticketState"], "CLOSED");
    assert_eq!(
        <hubspot_crm::tickets::Ticket as HasPipelines>::STAGE_PROPERTY,
        "hs_pipeline_stage"
    );
}

#[tokio::test]
async fn a_deal_is_created_in_the_sales_pipeline_with_typed_values() {
    let (_emulator, client) = setup().await;
    let created = client
        .deals()
        .create(deal(
            "Big win",
            Some(DealPipeline::SalesPipeline),
            Dealstage::ClosedWon,
        ))
        .await
        .expect("created");
    let read = client.deals().get(&created.id).await.expect("read");
    assert_eq!(
        read.properties.pipeline,
        Field::Set(DealPipeline::SalesPipeline)
    );
    assert_eq!(read.properties.dealstage, Field::Set(Dealstage::ClosedWon));

    // A stage alone puts the deal in the default pipeline.
    let created = client
        .deals()
        .create(deal("Early", None, Dealstage::QualifiedToBuy))
        .await
        .expect("created");
    assert_eq!(
        created.properties.pipeline,
        Field::Set(DealPipeline::SalesPipeline)
    );

    // A value the account does not have is refused, typed.
    let err = client
        .deals()
        .create(deal(
            "Typo",
            None,
            Dealstage::Unlisted("apointmentscheduled".into()),
        ))
        .await
        .expect_err("refused");
    let api = err.api().expect("a HubSpot error");
    assert_eq!(api.status, 400);
    assert!(
        api.errors
            .iter()
            .any(|d| d.code.as_deref() == Some("INVALID_OPTION")),
        "{api:?}"
    );
}

#[tokio::test]
async fn a_created_pipeline_takes_records_through_the_unlisted_variants() {
    let (_emulator, client) = setup().await;
    let pipelines = client.deals().pipelines();
    let created = pipelines.create(&renewals()).await.expect("created");
    assert_eq!(created.label, "Renewals");
    let DealPipeline::Unlisted(pipeline_id) = &created.id else {
        panic!("a created pipeline is not in the tables: {:?}", created.id);
    };
    let due = created.stage("Renewal due").expect("the stage").clone();
    let Dealstage::Unlisted(stage_id) = &due.id else {
        panic!("a created stage is not in the tables: {:?}", due.id);
    };
    assert!(pipeline_id.parse::<u64>().is_ok() && stage_id.parse::<u64>().is_ok());

    // The generated enum knows only the defaults: the new stage goes through `Unlisted`.
    let record = client
        .deals()
        .create(deal(
            "Acme renewal",
            Some(DealPipeline::Unlisted(pipeline_id.clone())),
            Dealstage::Unlisted(stage_id.clone()),
        ))
        .await
        .expect("a deal in the new pipeline");
    let read = client.deals().get(&record.id).await.expect("read back");
    assert_eq!(read.properties.pipeline, Field::Set(created.id.clone()));
    assert_eq!(read.properties.dealstage, Field::Set(due.id.clone()));

    // The stage property's definition lists it.
    let definition = client
        .deals()
        .property_definition("dealstage")
        .await
        .expect("definition");
    assert!(definition
        .options
        .iter()
        .any(|o| &o.value == stage_id && o.label == "Renewal due"));

    // A stage of the new pipeline is refused in the default one.
    let err = client
        .deals()
        .create(deal(
            "Mixed",
            Some(DealPipeline::SalesPipeline),
            due.id.clone(),
        ))
        .await
        .expect_err("refused");
    assert_eq!(err.api().map(|a| a.status), Some(400));
}

#[tokio::test]
async fn pipelines_and_stages_are_changed_and_archived_through_the_client() {
    let (_emulator, client) = setup().await;
    let pipelines = client.deals().pipelines();
    let created = pipelines.create(&renewals()).await.expect("created");
    let id = created.id.clone();

    let renamed = pipelines
        .update(
            &id,
            &PipelineUpdate {
                label: Some("Renewals 2027".into()),
                ..Default::default()
            },
        )
        .await
        .expect("renamed");
    assert_eq!(renamed.label, "Renewals 2027");
    assert_eq!(
        pipelines.get(&id).await.expect("read").label,
        "Renewals 2027"
    );

    let lost = pipelines
        .create_stage(
            &id,
            &NewStage::new("Lost", 2).metadata("probability", "0.0"),
        )
        .await
        .expect("stage created");
    let changed = pipelines
        .update_stage(
            &id,
            &lost.id,
            &StageUpdate {
                label: Some("Churned".into()),
                ..Default::default()
            },
        )
        .await
        .expect("stage renamed");
    assert_eq!(changed.label, "Churned");
    let replaced = pipelines
        .replace_stage(
            &id,
            &lost.id,
            &NewStage::new("Churned", 7).metadata("probability", "0.0"),
        )
        .await
        .expect("stage replaced");
    assert_eq!(replaced.display_order, 7);
    assert_eq!(
        pipelines.stage(&id, &lost.id).await.expect("read").label,
        "Churned"
    );
    assert_eq!(pipelines.stages(&id).await.expect("stages").len(), 3);
    pipelines
        .archive_stage(&id, &lost.id)
        .await
        .expect("stage archived");
    assert_eq!(
        pipelines
            .stage(&id, &lost.id)
            .await
            .expect_err("archived")
            .api()
            .map(|a| a.status),
        Some(404)
    );

    // Replacing keeps stages given again by label.
    let due = created.stage("Renewal due").expect("due").id.clone();
    let replaced = pipelines
        .replace(
            &id,
            &NewPipeline::new(
                "Renewals",
                vec![NewStage::new("Renewal due", 0).metadata("probability", "0.4")],
            ),
        )
        .await
        .expect("replaced");
    assert_eq!(replaced.stages.len(), 1);
    assert_eq!(replaced.stages[0].id, due);
    assert_eq!(replaced.stages[0].metadata["probability"], "0.4");

    // A record in the pipeline keeps it from being archived when asked to check.
    client
        .deals()
        .create(deal("In it", Some(id.clone()), due.clone()))
        .await
        .expect("a deal in it");
    let err = pipelines.archive_if_unused(&id).await.expect_err("in use");
    assert_eq!(err.api().map(|a| a.status), Some(400));
    pipelines.archive(&id).await.expect("archived");
    let left = pipelines.list().await.expect("listed");
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].id, DealPipeline::SalesPipeline);
}

#[tokio::test]
async fn a_pipelines_and_a_stages_changes_are_read_back_from_their_audits() {
    let (_emulator, client) = setup().await;
    let pipelines = client.deals().pipelines();
    let created = pipelines.create(&renewals()).await.expect("created");
    let id = created.id.clone();
    pipelines
        .update(
            &id,
            &PipelineUpdate {
                label: Some("Renewals 2027".into()),
                ..Default::default()
            },
        )
        .await
        .expect("renamed");
    let due = created.stage("Renewal due").expect("due").id.clone();
    pipelines
        .update_stage(
            &id,
            &due,
            &StageUpdate {
                label: Some("Due soon".into()),
                ..Default::default()
            },
        )
        .await
        .expect("stage renamed");

    // The pipeline's audit: the stage's own change, the rename, the creation; newest first.
    let audit = pipelines.audit(&id).await.expect("the pipeline's audit");
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["UPDATE", "UPDATE", "CREATE"]);
    let raw_label = |e: &PipelineAuditEntry| {
        e.raw_object
            .as_ref()
            .and_then(|o| o["label"].as_str())
            .map(str::to_string)
    };
    assert_eq!(raw_label(&audit[0]).as_deref(), Some("Due soon"));
    assert_eq!(raw_label(&audit[1]).as_deref(), Some("Renewals 2027"));
    assert_eq!(raw_label(&audit[2]).as_deref(), Some("Renewals"));
    let times: Vec<_> = audit
        .iter()
        .map(|e| e.timestamp.expect("a timestamp"))
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let portal = Config::default().portal_id;
    assert!(audit.iter().all(|e| e.portal_id == portal));
    let identifiers: std::collections::BTreeSet<&str> =
        audit.iter().map(|e| e.identifier.as_str()).collect();
    assert_eq!(identifiers.len(), 3, "each entry has its own identifier");

    // The stage's audit: its rename, and its creation with the pipeline.
    let stage_audit = pipelines.stage_audit(&id, &due).await.expect("the stage's");
    let actions: Vec<&str> = stage_audit.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["UPDATE", "CREATE"]);
    assert_eq!(stage_audit[0], audit[0], "the same entry in both audits");
    assert_eq!(raw_label(&stage_audit[1]).as_deref(), Some("Renewal due"));

    // The default pipeline has no changes yet; unknown IDs are HubSpot's 404.
    assert_eq!(
        pipelines
            .audit(&DealPipeline::SalesPipeline)
            .await
            .expect("the default pipeline's audit"),
        []
    );
    let missing = pipelines
        .audit(&DealPipeline::Unlisted("404404".into()))
        .await
        .expect_err("no such pipeline");
    assert_eq!(missing.api().map(|a| a.status), Some(404));
    let missing = pipelines
        .stage_audit(&id, &Dealstage::ClosedWon)
        .await
        .expect_err("a stage of another pipeline");
    assert_eq!(missing.api().map(|a| a.status), Some(404));
}

#[tokio::test]
async fn owners_page_as_a_stream_and_are_read_by_id_or_user_id() {
    let (_emulator, client) = setup().await;
    let owners: Vec<_> = client.owners().list().try_collect().await.expect("listed");
    let ids: Vec<&str> = owners.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["101", "102"]);
    let ada = &owners[0];
    assert_eq!(ada.email.as_deref(), Some("ada@example.com"));
    assert_eq!(ada.user_id, Some(9001));
    assert_eq!(ada.teams[0].name, "Sales");
    assert!(ada.created_at.is_some());

    // One per page still reads them all.
    let paged: Vec<_> = client
        .owners()
        .list_with(OwnerListOptions {
            page_size: 1,
            ..Default::default()
        })
        .try_collect()
        .await
        .expect("paged");
    assert_eq!(paged, owners);
    let archived: Vec<_> = client
        .owners()
        .list_with(OwnerListOptions {
            archived: true,
            ..Default::default()
        })
        .try_collect()
        .await
        .expect("archived");
    assert_eq!(archived.len(), 1);
    assert!(archived[0].archived);
    let grace: Vec<_> = client
        .owners()
        .list_with(OwnerListOptions {
            email: Some("grace@example.com".into()),
            ..Default::default()
        })
        .try_collect()
        .await
        .expect("by email");
    assert_eq!(grace.len(), 1);
    assert_eq!(grace[0].id, "102");
    let too_big: Result<Vec<_>, _> = client
        .owners()
        .list_with(OwnerListOptions {
            page_size: 0,
            ..Default::default()
        })
        .try_collect()
        .await;
    assert!(
        too_big.is_err(),
        "a page size of 0 is refused before sending"
    );

    let got = client.owners().get("102").await.expect("by owner ID");
    assert_eq!(got, grace[0]);
    let by_user = client
        .owners()
        .get_by_user_id(9001)
        .await
        .expect("by user ID");
    assert_eq!(&by_user, ada);
    let missing = client
        .owners()
        .get("9001")
        .await
        .expect_err("no such owner");
    assert_eq!(missing.api().map(|a| a.status), Some(404));

    // An owner's ID is what a record's owner property takes.
    let record = client
        .deals()
        .create(DealProperties {
            hubspot_owner_id: Field::Set(ada.id.clone()),
            ..deal("Owned", None, Dealstage::ContractSent)
        })
        .await
        .expect("created");
    assert_eq!(
        record.properties.hubspot_owner_id,
        Field::Set(ada.id.clone())
    );
}
