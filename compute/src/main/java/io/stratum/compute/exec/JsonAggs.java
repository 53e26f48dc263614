package io.stratum.compute.exec;

import io.stratum.compute.json.JsonBuild;
import java.util.ArrayList;
import java.util.List;

/** Finishes json_agg, jsonb_agg, json_object_agg and jsonb_object_agg over an aggregate's collected items. */
final class JsonAggs {
    private JsonAggs() {
    }

    static Object finish(final Aggregate.Spec s, final List<Object[]> items, final ExecContext cx) {
        final boolean jsonb = s.kind().startsWith("jsonb");
        if (s.kind().endsWith("_object_agg")) {
            final List<Object[]> pairs = new ArrayList<>(items.size());
            for (final Object[] it : items) {
                pairs.add(new Object[] {it[0], it[1]});
            }
            return JsonBuild.objectAgg(pairs, s.arg().type(), s.arg2().type(), cx.zone(), jsonb);
        }
        final List<Object> values = new ArrayList<>(items.size());
        for (final Object[] it : items) {
            values.add(it[0]);
        }
        return JsonBuild.agg(values, s.arg().type(), cx.zone(), jsonb);
    }
}
