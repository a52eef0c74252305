package io.distill.evaluation;

import io.distill.ranking.Quality;

/**
 * One line of the evaluation table.
 *
 * @param model                    model name
 * @param quality                  prequential quality over the evaluated events
 * @param parameters               learnable parameters (model size)
 * @param bytes                    bytes of those parameters as served (float32)
 * @param microsPerRecommendation  mean cost of one full-catalogue recommendation
 */
public record ModelRow(String model, Quality quality, long parameters, long bytes, double microsPerRecommendation) {
}
