"""Follow-ups after the door closes: state machine, actions, service levels, partner links."""
