"""Use cases. Each public function owns its transaction: one commit per use case."""
