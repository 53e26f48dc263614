package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code ALTER ROLE|USER name [WITH] option ...} or {@code ALTER ROLE name RENAME TO new}.
 *
 * @param name the role ({@code current_user} etc. as written, lower case)
 * @param options the options as in {@link CreateRole}
 * @param renameTo {@code RENAME TO new}, else null
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record AlterRole(
        String name,
        List<Option> options,
        String renameTo,
        int pos) implements Statement {}
