package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code SET [SESSION|LOCAL] name {TO|=} value [, ...] | DEFAULT}, {@code SET TIME ZONE value|LOCAL|DEFAULT},
 *     {@code SET NAMES 'enc'}, {@code SET SCHEMA 's'}, {@code SET ROLE r}, {@code SET SESSION AUTHORIZATION r}.
 *
 * @param scope SESSION or LOCAL
 * @param name the setting, lower case (quoted names as written); {@code SET TIME ZONE} -> timezone, {@code SET NAMES} -> client_encoding, {@code SET SCHEMA} -> search_path, {@code SET ROLE} -> role, {@code SET SESSION AUTHORIZATION} -> session_authorization
 * @param values the value list: identifiers and keywords lower case (quoted ones as written), strings unquoted, numbers as written (with a leading minus); empty for DEFAULT
 * @param toDefault {@code TO DEFAULT}, {@code = DEFAULT}, {@code SET TIME ZONE LOCAL|DEFAULT}
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record SetVariable(
        SetScope scope,
        String name,
        List<String> values,
        boolean toDefault,
        int pos) implements Statement {}
