package org.sirnn.nn.runtime;

/**
 * A {@link ServedModel} with a fixed plan and weights of type {@code W} that only the model owner's instance holds
 * (null on the client side).
 */
abstract class WeightedModel<W> implements ServedModel {
  private final ModelPlan plan;
  private final W weights;

  WeightedModel(ModelPlan plan, W weights) {
    this.plan = plan;
    this.weights = weights;
  }

  @Override
  public final ModelPlan plan() {
    return plan;
  }

  @Override
  public final boolean hasWeights() {
    return weights != null;
  }

  /** The weights; throws on an instance loaded without them. */
  final W weights() {
    requireWeights();
    return weights;
  }
}
