package io.stratum.compute.catalog.pg;

import io.stratum.compute.types.PgType;

/** A column of a virtual system relation: PostgreSQL 15's name and type (typmod -1). */
public record SystemColumn(String name, PgType type) {
}
