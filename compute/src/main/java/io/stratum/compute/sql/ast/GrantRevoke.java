package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code GRANT privileges ON [kind] objects TO roles [WITH GRANT OPTION]}, {@code REVOKE ...}, and role
 *     grants {@code GRANT role TO role}.
 *
 * @param grant GRANT (false for REVOKE)
 * @param privileges lower case privileges ({@code all} for ALL [PRIVILEGES]), or role names for a role grant
 * @param objectKind lower case: table, sequence, schema, database, function, all tables in schema, ...; null for a role grant
 * @param objects the objects; empty for a role grant
 * @param grantees roles (public as {@code public})
 * @param withGrantOption {@code WITH GRANT|ADMIN OPTION} (REVOKE: GRANT OPTION FOR)
 * @param cascade REVOKE ... CASCADE
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record GrantRevoke(
        boolean grant,
        List<String> privileges,
        String objectKind,
        List<QualifiedName> objects,
        List<String> grantees,
        boolean withGrantOption,
        boolean cascade,
        int pos) implements Statement {}
