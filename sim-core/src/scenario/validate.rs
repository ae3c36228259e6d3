pub fn parse_scenario() {}
pub fn parse_scenario_with() {}
