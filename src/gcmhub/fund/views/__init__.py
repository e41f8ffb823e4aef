"""Fund pages. Views hold no business rules: they call queries and actions."""
