package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code CREATE ROLE|USER|GROUP name [[WITH] option ...]}.
 *
 * @param name the role
 * @param user written CREATE USER (LOGIN by default)
 * @param options the options, lower case: superuser, nosuperuser, createdb, nocreatedb, createrole, nocreaterole, inherit, noinherit, login, nologin, replication, noreplication, bypassrls, nobypassrls, connection_limit [n], password ['x' or empty for NULL], valid_until ['ts'], in_role [roles], role [roles], admin [roles], sysid [n]
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record CreateRole(
        String name,
        boolean user,
        List<Option> options,
        int pos) implements Statement {}
