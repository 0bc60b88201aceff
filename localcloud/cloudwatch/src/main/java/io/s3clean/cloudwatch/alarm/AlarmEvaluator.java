package io.s3clean.cloudwatch.alarm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides an alarm's state from the periods of its evaluation range, as "Using Amazon CloudWatch
 * alarms" describes it (sections "Evaluating an alarm", "How alarm state is evaluated when data is
 * missing" and "Avoiding premature transitions to alarm state"):
 *
 * <ol>
 *   <li>CloudWatch retrieves more periods than EvaluationPeriods (the evaluation range);
 *   <li>with at least EvaluationPeriods real datapoints in the range it evaluates the most recent
 *       of them, however old, and the missing-data treatment is not used;
 *   <li>with fewer, it fills the gap with the treatment, using as few filled datapoints as
 *       possible; with none at all, {@code missing} gives INSUFFICIENT_DATA and {@code ignore}
 *       keeps the state;
 *   <li>M out of N: ALARM when at least DatapointsToAlarm of the evaluated datapoints breach,
 *       otherwise OK;
 *   <li>with {@code missing} and {@code ignore}, too few datapoints to decide leave the alarm
 *       INSUFFICIENT_DATA or in its state, except that {@code missing} alarms when the oldest
 *       available datapoint breaches, is at least DatapointsToAlarm periods old, and nothing newer
 *       is within the threshold (the premature-transition rule).
 * </ol>
 *
 * The guide's two tables of five periods with 3-of-3 and 2-of-3 alarms are unit tests of this
 * class. It is a pure function: the caller supplies the range and the evaluation time.
 */
public final class AlarmEvaluator {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * How many more periods than EvaluationPeriods an evaluation retrieves. AWS does not publish the
   * number ("depends on the length of the alarm period"); its tables show five periods for three
   * evaluation periods, so the simulation retrieves two more.
   */
  public static final int EXTRA_PERIODS = 2;

  private AlarmEvaluator() {}

  public static int evaluationRangePeriods(AlarmDefinition alarm) {
    return alarm.evaluationPeriods() + EXTRA_PERIODS;
  }

  /**
   * The state the alarm moves to, or empty when it keeps its current state.
   *
   * @param range the evaluation range, oldest period first
   * @param queryDate when the evaluation runs, for the reason data
   */
  public static Optional<Evaluation> evaluate(
      AlarmDefinition alarm, List<PeriodValue> range, Instant queryDate) {
    int n = alarm.evaluationPeriods();
    List<PeriodValue> existing = range.stream().filter(p -> !p.isMissing()).toList();
    Verdict verdict;
    if (existing.size() >= n) {
      List<PeriodValue> evaluated = existing.subList(existing.size() - n, existing.size());
      verdict = countBreaching(alarm, evaluated, 0, false);
    } else {
      int filled = n - existing.size();
      verdict =
          switch (alarm.treatMissingData()) {
            case BREACHING -> countBreaching(alarm, existing, filled, true);
            case NOT_BREACHING -> countBreaching(alarm, existing, filled, false);
            case MISSING, IGNORE -> undecided(alarm, range, existing, filled);
          };
    }
    if (verdict == null) {
      return Optional.empty();
    }
    String reasonData = reasonData(alarm, range, verdict, queryDate);
    return Optional.of(new Evaluation(verdict.state, verdict.reason, reasonData));
  }

  /** What an evaluation concluded, and from which datapoints. */
  private record Verdict(
      AlarmState state, String reason, List<PeriodValue> evaluated, int filled) {}

  private static Verdict countBreaching(
      AlarmDefinition alarm, List<PeriodValue> real, int filled, boolean filledBreach) {
    int n = alarm.evaluationPeriods();
    int m = alarm.datapointsToAlarm();
    List<PeriodValue> breaching = breaching(alarm, real);
    int count = breaching.size() + (filledBreach ? filled : 0);
    String treatedAs = filledBreach ? "[Breaching]" : "[NonBreaching]";
    if (real.isEmpty()) {
      String reason =
          "Threshold Crossed: no datapoints were received for "
              + plural(n, "period")
              + " and "
              + plural(n, "missing datapoint")
              + " "
              + wasWere(n)
              + " treated as "
              + treatedAs
              + ".";
      return new Verdict(count >= m ? AlarmState.ALARM : AlarmState.OK, reason, real, filled);
    }
    String missingNote =
        filled == 0
            ? ""
            : " "
                + plural(filled, "missing datapoint")
                + " "
                + wasWere(filled)
                + " treated as "
                + treatedAs
                + ".";
    if (count >= m || !breaching.isEmpty()) {
      String reason =
          "Threshold Crossed: "
              + count
              + " out of the last "
              + n
              + " datapoints "
              + list(breaching)
              + " "
              + wasWere(count)
              + " "
              + alarm.comparisonOperator().phrase()
              + " the threshold ("
              + alarm.threshold()
              + ") (minimum "
              + plural(m, "datapoint")
              + " for OK -> ALARM transition)."
              + missingNote;
      return new Verdict(count >= m ? AlarmState.ALARM : AlarmState.OK, reason, real, filled);
    }
    String reason =
        "Threshold Crossed: "
            + plural(real.size(), "datapoint")
            + " "
            + list(real)
            + " "
            + wasWere(real.size())
            + " not "
            + alarm.comparisonOperator().phrase()
            + " the threshold ("
            + alarm.threshold()
            + ")."
            + missingNote;
    return new Verdict(AlarmState.OK, reason, real, filled);
  }

  /** {@code missing} and {@code ignore} with fewer real datapoints than EvaluationPeriods. */
  private static Verdict undecided(
      AlarmDefinition alarm, List<PeriodValue> range, List<PeriodValue> existing, int unknown) {
    int m = alarm.datapointsToAlarm();
    List<PeriodValue> breaching = breaching(alarm, existing);
    boolean ignore = alarm.treatMissingData() == TreatMissingData.IGNORE;
    if (!existing.isEmpty() && (breaching.size() >= m || breaching.size() < existing.size())) {
      // Enough breaching datapoints, or a datapoint within the threshold: the real data decides.
      return countBreaching(alarm, existing, 0, false);
    }
    if (!ignore && !existing.isEmpty() && oldestIsAtLeastPeriodsOld(range, existing.get(0), m)) {
      String reason =
          "Threshold Crossed: "
              + existing.size()
              + " out of the last "
              + existing.size()
              + " datapoints "
              + list(breaching)
              + " "
              + wasWere(existing.size())
              + " "
              + alarm.comparisonOperator().phrase()
              + " the threshold ("
              + alarm.threshold()
              + "), the oldest at least "
              + plural(m, "period")
              + " old and no newer datapoint"
              + " within the threshold (minimum "
              + plural(m, "datapoint")
              + " for OK -> ALARM transition).";
      return new Verdict(AlarmState.ALARM, reason, existing, 0);
    }
    if (ignore) {
      return null;
    }
    String reason =
        "Insufficient Data: " + plural(unknown, "datapoint") + " " + wasWere(unknown) + " unknown.";
    return new Verdict(AlarmState.INSUFFICIENT_DATA, reason, existing, unknown);
  }

  private static boolean oldestIsAtLeastPeriodsOld(
      List<PeriodValue> range, PeriodValue oldest, int periods) {
    int age = range.size() - range.indexOf(oldest);
    return age >= periods;
  }

  private static List<PeriodValue> breaching(AlarmDefinition alarm, List<PeriodValue> values) {
    return values.stream()
        .filter(p -> alarm.comparisonOperator().breaches(p.value(), alarm.threshold()))
        .toList();
  }

  /** {@code [46.0 (23/11/26 10:16:00), 18.0 (23/11/26 10:15:00)]}, newest first as AWS lists. */
  private static String list(List<PeriodValue> values) {
    List<PeriodValue> newestFirst = new ArrayList<>(values);
    Collections.reverse(newestFirst);
    return newestFirst.stream()
        .map(p -> p.value() + " (" + AwsTime.reason(p.timestamp()) + ")")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static String plural(int count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  private static String wasWere(int count) {
    return count == 1 ? "was" : "were";
  }

  private static String reasonData(
      AlarmDefinition alarm, List<PeriodValue> range, Verdict verdict, Instant queryDate) {
    ObjectNode data = JSON.createObjectNode();
    data.put("version", "1.0");
    data.put("queryDate", AwsTime.iso(queryDate));
    if (!range.isEmpty()) {
      data.put("startDate", AwsTime.iso(range.get(0).timestamp()));
    }
    data.put("statistic", alarm.statistic().awsName());
    data.put("period", alarm.periodSeconds());
    ArrayNode recent = data.putArray("recentDatapoints");
    range.stream().filter(p -> !p.isMissing()).forEach(p -> recent.add(p.value()));
    data.put("threshold", alarm.threshold());
    ArrayNode evaluated = data.putArray("evaluatedDatapoints");
    List<PeriodValue> real = new ArrayList<>(verdict.evaluated());
    Collections.reverse(real);
    for (PeriodValue p : real) {
      ObjectNode point = evaluated.addObject();
      point.put("timestamp", AwsTime.iso(p.timestamp()));
      point.put("sampleCount", (double) p.sampleCount());
      point.put("value", p.value());
    }
    // filled periods are listed by timestamp only, newest missing periods first
    range.stream()
        .filter(PeriodValue::isMissing)
        .sorted((a, b) -> b.timestamp().compareTo(a.timestamp()))
        .limit(verdict.filled())
        .forEach(p -> evaluated.addObject().put("timestamp", AwsTime.iso(p.timestamp())));
    return data.toString();
  }
}
