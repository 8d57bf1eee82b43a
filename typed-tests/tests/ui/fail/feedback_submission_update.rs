// Feedback submissions are read-only.
use hubspot_crm::feedback_submissions::FeedbackSubmission;
use hubspot_crm::Updatable;

fn update<O: Updatable>() {}

fn main() {
    update::<FeedbackSubmission>();
}
