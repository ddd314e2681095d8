package dev.pave.campaign;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/** A campaign's health gate asks CloudWatch whether the alarms it watches are OK. */
@ApplicationScoped
public class AlarmStates {

    @Inject
    CloudWatchClient cloudWatch;

    /**
     * The first of these alarms that is not OK, described ("alarm api-5xx is ALARM", "alarm x does not exist"), or
     * empty when all are. An alarm that cannot be read holds the gate too: a campaign never passes on a guess.
     */
    public Optional<String> firstNotOk(List<String> names) {
        if (names.isEmpty()) {
            return Optional.empty();
        }
        Map<String, StateValue> states;
        try {
            // DescribeAlarms takes at most 100 names; a campaign watches at most 20
            states = cloudWatch.describeAlarms(b -> b.alarmNames(names)).metricAlarms().stream()
                    .collect(Collectors.toMap(MetricAlarm::alarmName, MetricAlarm::stateValue, (a, b) -> a));
        } catch (SdkException e) {
            // the SDK's message may list credential providers and profiles: keep only what kind of failure it was
            return Optional.of("CloudWatch to answer (" + e.getClass().getSimpleName() + ")");
        }
        for (String name : names) {
            StateValue state = states.get(name);
            if (state == null) {
                return Optional.of("alarm " + name + ", which does not exist");
            }
            if (state != StateValue.OK) {
                return Optional.of("alarm " + name + ", which is " + state);
            }
        }
        return Optional.empty();
    }
}
