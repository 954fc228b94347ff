"""DuckDB: the single writer's connection and lock, migrations, loads, builds and publishing."""
