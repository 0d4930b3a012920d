//! The retry budget: a token bucket shared by all calls of a client.

use std::sync::Mutex;

/// Tokens a client may spend on retries after failures; see the module docs.
#[derive(Debug)]
pub(crate) struct RetryBudget {
    tokens: Mutex<u32>,
}

/// Capacity of the budget, and what a retry costs (AWS SDK's standard mode uses the same numbers).
pub(crate) const BUDGET: u32 = 500;
pub(crate) const RETRY_COST: u32 = 5;
const LOST_COST: u32 = 10;

impl Default for RetryBudget {
    fn default() -> Self {
        RetryBudget {
            tokens: Mutex::new(BUDGET),
        }
    }
}

impl RetryBudget {
    /// Takes the cost of one retry; false when the budget is spent.
    pub(crate) fn withdraw(&self, lost: bool) -> bool {
        let cost = if lost { LOST_COST } else { RETRY_COST };
        let Ok(mut tokens) = self.tokens.lock() else {
            return false;
        };
        if *tokens < cost {
            return false;
        }
        *tokens -= cost;
        true
    }

    /// A success returns one token.
    pub(crate) fn refund(&self) {
        if let Ok(mut tokens) = self.tokens.lock() {
            *tokens = (*tokens + 1).min(BUDGET);
        }
    }
}
