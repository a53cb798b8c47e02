"""ExtensionService (our own RPCs beyond ModelDB's): run queries and columns, series, run states and audit."""
