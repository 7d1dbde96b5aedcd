"""House rules declared as data in a project's config (`[house_rules.NAME]`), after Vale's
extension points: existence, substitution, consistency and conditional."""
