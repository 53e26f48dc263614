package io.stratum.perf.query;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;

/**
 * Deterministic TPC-H-shaped data (fixed seed): region, nation, supplier, customer, part, orders and
 * lineitem in COPY text format, about {@code scaleMb} MB of row text in all (lineitem is about three
 * quarters of it, as in TPC-H). Value domains follow the TPC-H specification closely enough for its
 * queries' selectivities (dates 1992-1998, segments, priorities, ship modes, brands, containers, types);
 * the text columns are random words. Threads: none.
 */
final class TpchData {
    static final String[] TABLES = {"region", "nation", "supplier", "customer", "part", "orders", "lineitem"};

    static final String DDL = String.join(";\n",
        "create table region (r_regionkey int primary key, r_name text not null, r_comment text)",
        "create table nation (n_nationkey int primary key, n_name text not null, n_regionkey int not null, n_comment text)",
        "create table supplier (s_suppkey int primary key, s_name text not null, s_address text, s_nationkey int not null,"
            + " s_phone text, s_acctbal numeric(15,2), s_comment text)",
        "create table customer (c_custkey int primary key, c_name text not null, c_address text, c_nationkey int not null,"
            + " c_phone text, c_acctbal numeric(15,2), c_mktsegment text, c_comment text)",
        "create table part (p_partkey int primary key, p_name text, p_mfgr text, p_brand text, p_type text, p_size int,"
            + " p_container text, p_retailprice numeric(15,2), p_comment text)",
        "create table orders (o_orderkey int primary key, o_custkey int not null, o_orderstatus text, o_totalprice numeric(15,2),"
            + " o_orderdate date not null, o_orderpriority text, o_clerk text, o_shippriority int, o_comment text)",
        "create table lineitem (l_orderkey int not null, l_partkey int not null, l_suppkey int not null, l_linenumber int not null,"
            + " l_quantity numeric(15,2), l_extendedprice numeric(15,2), l_discount numeric(15,2), l_tax numeric(15,2),"
            + " l_returnflag text, l_linestatus text, l_shipdate date, l_commitdate date, l_receiptdate date,"
            + " l_shipinstruct text, l_shipmode text, l_comment text, primary key (l_orderkey, l_linenumber))");

    /** Secondary indexes, built after the load (as the primary keys' are, while the rows go in). */
    static final List<String> INDEXES = List.of(
        "create index orders_custkey on orders (o_custkey)",
        "create index orders_orderdate on orders (o_orderdate)");

    private static final String[] REGIONS = {"AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"};
    private static final String[] NATIONS = {"ALGERIA", "ARGENTINA", "BRAZIL", "CANADA", "EGYPT", "ETHIOPIA", "FRANCE",
        "GERMANY", "INDIA", "INDONESIA", "IRAN", "IRAQ", "JAPAN", "JORDAN", "KENYA", "MOROCCO", "MOZAMBIQUE", "PERU",
        "CHINA", "ROMANIA", "SAUDI ARABIA", "VIETNAM", "RUSSIA", "UNITED KINGDOM", "UNITED STATES"};
    private static final int[] NATION_REGION = {0, 1, 1, 1, 4, 0, 3, 3, 2, 2, 4, 4, 2, 4, 0, 0, 0, 1, 2, 3, 4, 2, 3, 3, 1};
    private static final String[] SEGMENTS = {"AUTOMOBILE", "BUILDING", "FURNITURE", "MACHINERY", "HOUSEHOLD"};
    private static final String[] PRIORITIES = {"1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW"};
    private static final String[] MODES = {"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"};
    private static final String[] INSTRUCTIONS = {"DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"};
    private static final String[] TYPE1 = {"STANDARD", "SMALL", "MEDIUM", "LARGE", "ECONOMY", "PROMO"};
    private static final String[] TYPE2 = {"ANODIZED", "BURNISHED", "PLATED", "POLISHED", "BRUSHED"};
    private static final String[] TYPE3 = {"TIN", "NICKEL", "BRASS", "STEEL", "COPPER"};
    private static final String[] CONT1 = {"SM", "LG", "MED", "JUMBO", "WRAP"};
    private static final String[] CONT2 = {"CASE", "BOX", "BAG", "JAR", "PKG", "PACK", "CAN", "DRUM"};
    private static final String[] COLORS = {"almond", "antique", "aquamarine", "azure", "beige", "bisque", "black", "blanched",
        "blue", "blush", "brown", "burlywood", "chartreuse", "chiffon", "chocolate", "coral", "cornflower", "cream", "cyan",
        "dark", "deep", "dim", "dodger", "drab", "firebrick", "forest", "frosted", "gainsboro", "ghost", "goldenrod"};
    private static final String[] WORDS = {"furiously", "quickly", "carefully", "blithely", "slyly", "final", "regular",
        "special", "pending", "express", "ironic", "bold", "even", "silent", "unusual", "requests", "deposits", "packages",
        "accounts", "theodolites", "instructions", "foxes", "pinto", "beans", "asymptotes", "dependencies", "ideas"};
    static final LocalDate START = LocalDate.of(1992, 1, 1);
    private static final LocalDate CURRENT = LocalDate.of(1995, 6, 17);
    private static final int ORDER_DAYS = (int) (LocalDate.of(1998, 8, 2).toEpochDay() - START.toEpochDay());

    /** Row counts for a scale. */
    record Sizes(int suppliers, int customers, int parts, int orders) {
        static Sizes of(final int scaleMb) {
            return new Sizes(Math.max(10, 10 * scaleMb), Math.max(150, 150 * scaleMb), Math.max(200, 200 * scaleMb),
                Math.max(1500, 1500 * scaleMb));
        }
    }

    private final Random r;
    private final Sizes sizes;

    TpchData(final long seed, final int scaleMb) {
        this.r = new Random(seed);
        this.sizes = Sizes.of(scaleMb);
    }

    Sizes sizes() {
        return sizes;
    }

    /** Writes {@code TABLE.tsv} for each table into {@code dir}. */
    void write(final Path dir) throws IOException {
        try (BufferedWriter w = out(dir, "region")) {
            for (int i = 0; i < REGIONS.length; i++) {
                line(w, i, REGIONS[i], text(20, 60));
            }
        }
        try (BufferedWriter w = out(dir, "nation")) {
            for (int i = 0; i < NATIONS.length; i++) {
                line(w, i, NATIONS[i], NATION_REGION[i], text(20, 60));
            }
        }
        try (BufferedWriter w = out(dir, "supplier")) {
            for (int i = 1; i <= sizes.suppliers; i++) {
                final int n = r.nextInt(25);
                line(w, i, String.format("Supplier#%09d", i), text(10, 30), n, phone(n), money(-99_999, 999_999), text(25, 80));
            }
        }
        try (BufferedWriter w = out(dir, "customer")) {
            for (int i = 1; i <= sizes.customers; i++) {
                final int n = r.nextInt(25);
                line(w, i, String.format("Customer#%09d", i), text(10, 30), n, phone(n), money(-99_999, 999_999),
                    SEGMENTS[r.nextInt(SEGMENTS.length)], text(30, 100));
            }
        }
        try (BufferedWriter w = out(dir, "part")) {
            for (int i = 1; i <= sizes.parts; i++) {
                final int m = 1 + r.nextInt(5);
                line(w, i, COLORS[r.nextInt(COLORS.length)] + " " + COLORS[r.nextInt(COLORS.length)] + " "
                    + COLORS[r.nextInt(COLORS.length)], "Manufacturer#" + m, "Brand#" + m + (1 + r.nextInt(5)),
                    TYPE1[r.nextInt(6)] + " " + TYPE2[r.nextInt(5)] + " " + TYPE3[r.nextInt(5)], 1 + r.nextInt(50),
                    CONT1[r.nextInt(5)] + " " + CONT2[r.nextInt(8)], cents(retailCents(i)), text(5, 22));
            }
        }
        try (BufferedWriter o = out(dir, "orders"); BufferedWriter l = out(dir, "lineitem")) {
            for (int k = 1; k <= sizes.orders; k++) {
                order(o, l, k);
            }
        }
    }

    private void order(final BufferedWriter o, final BufferedWriter l, final int key) throws IOException {
        final LocalDate date = START.plusDays(r.nextInt(ORDER_DAYS - 151));
        final int lines = 1 + r.nextInt(7);
        long total = 0;
        int shipped = 0;
        for (int n = 1; n <= lines; n++) {
            final int part = 1 + r.nextInt(sizes.parts);
            final int qty = 1 + r.nextInt(50);
            final long price = qty * retailCents(part);
            final int disc = r.nextInt(11);
            final int tax = r.nextInt(9);
            final LocalDate ship = date.plusDays(1 + r.nextInt(121));
            final LocalDate commit = date.plusDays(30 + r.nextInt(61));
            final LocalDate receipt = ship.plusDays(1 + r.nextInt(30));
            final String flag = receipt.isAfter(CURRENT) ? "N" : r.nextBoolean() ? "R" : "A";
            final boolean open = ship.isAfter(CURRENT);
            shipped += open ? 0 : 1;
            total += price * (100 + tax) * (100 - disc) / 10_000;
            line(l, key, part, 1 + r.nextInt(sizes.suppliers), n, qty + ".00", cents(price), cents(disc), cents(tax), flag,
                open ? "O" : "F", ship, commit, receipt, INSTRUCTIONS[r.nextInt(4)], MODES[r.nextInt(7)], text(10, 43));
        }
        line(o, key, 1 + r.nextInt(sizes.customers), shipped == lines ? "F" : shipped == 0 ? "O" : "P", cents(total), date,
            PRIORITIES[r.nextInt(5)], String.format("Clerk#%09d", 1 + r.nextInt(Math.max(1, sizes.orders / 1000))), 0,
            text(19, 78));
    }

    private static long retailCents(final int part) {
        return 90_000 + (part / 10) % 20_001 + 100L * (part % 1000);
    }

    private String phone(final int nation) {
        return (10 + nation) + "-" + (100 + r.nextInt(900)) + "-" + (100 + r.nextInt(900)) + "-" + (1000 + r.nextInt(9000));
    }

    private String money(final int lowCents, final int highCents) {
        return cents(lowCents + (long) r.nextInt(highCents - lowCents + 1));
    }

    static String cents(final long c) {
        final long a = Math.abs(c);
        return (c < 0 ? "-" : "") + a / 100 + "." + (a % 100 < 10 ? "0" : "") + a % 100;
    }

    private String text(final int min, final int max) {
        final int len = min + r.nextInt(max - min + 1);
        final StringBuilder sb = new StringBuilder(len + 16);
        while (sb.length() < len) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(WORDS[r.nextInt(WORDS.length)]);
        }
        sb.setLength(len);
        return sb.toString().strip();
    }

    private static BufferedWriter out(final Path dir, final String table) throws IOException {
        return Files.newBufferedWriter(dir.resolve(table + ".tsv"), StandardCharsets.UTF_8);
    }

    private static void line(final BufferedWriter w, final Object... values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                w.write('\t');
            }
            w.write(String.valueOf(values[i]));
        }
        w.write('\n');
    }
}
