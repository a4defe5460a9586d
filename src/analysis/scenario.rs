//! What a scenario does to each link, and why.

use crate::engine::effects;
use crate::error::QueryError;
use crate::model::LinkEffect;
use crate::network::Network;

impl Network {
    /// What a scenario of the file does to each link it touches, and by which rule.
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] when no scenario has this id.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// let hit = net.scenario_effects("pak-afghan-closure-2025").unwrap();
    /// assert!(hit.iter().any(|e| e.link_id == "torkham-af-torkham-pk-road" && e.closed));
    /// ```
    pub fn scenario_effects(&self, id: &str) -> Result<Vec<LinkEffect>, QueryError> {
        Ok(effects(&self.data, self.resolve_scenario(id)?))
    }
}
