pub struct UpdateOutcome; pub fn update_sources() {}
