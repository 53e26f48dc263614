package io.stratum.compute.catalog.pg;

/**
 * One pg_settings row as the sqlengine knows it (text, as pg_settings shows everything).
 *
 * @param unit e.g. {@code ms}, or null
 * @param vartype bool, integer, real, string, enum
 * @param context user, superuser, internal, ...
 * @param source default, session, client, ...
 */
public record Setting(String name, String setting, String unit, String category, String shortDesc, String context,
                      String vartype, String source, String bootVal, String resetVal) {
}
