"""Table declarations: one YAML file per published table.

Each declares the table's fields (name, type, required, allowed values, description in
English and Chinese). yaodian.schema turns them into pyarrow schemas; later the data
package entry, the data dictionary and the quality suites are generated from them too.
Installed as the package `yaodian.schemas`.
"""
