package io.alertgate.route;

import java.util.List;

/**
 * What the router decided for one notification at one instant, and why: what {@code alertgate
 * route} prints.
 *
 * @param rules one step per rule tried, in order (rules after a final match are not tried)
 * @param decisions where the notification goes; empty when every matching rule was muted
 * @param summary one sentence: which source the decisions came from
 */
public record RouteExplanation(List<Step> rules, List<RouteDecision> decisions, String summary) {
    public RouteExplanation {
        rules = List.copyOf(rules);
        decisions = List.copyOf(decisions);
    }

    /**
     * One rule as tried.
     *
     * @param ruleId the rule's {@code id}
     * @param matched whether all its matchers matched
     * @param lines plain-words reasons: each matcher with the label's value, each time interval and
     *     whether it was active, the strategy's choice
     */
    public record Step(String ruleId, boolean matched, List<String> lines) {
        public Step {
            lines = List.copyOf(lines);
        }
    }
}
