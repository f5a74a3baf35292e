package org.wenjin.retrieval.opensearch;

import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.opensearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.opensearch.index.analysis.AnalyzerProvider;
import org.opensearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.opensearch.plugins.AnalysisPlugin;
import org.opensearch.plugins.Plugin;

/**
 * The {@code smartcn} analyzer as the analysis-smartcn plugin registers it (Lucene's SmartChineseAnalyzer),
 * for the test node: that plugin is published as a distribution download, not to Maven Central.
 */
public final class SmartChineseAnalysis extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        return Map.of(OpenSearchIndex.ANALYZER, (indexSettings, environment, name, settings) ->
                new AbstractIndexAnalyzerProvider<SmartChineseAnalyzer>(indexSettings, name, settings) {
                    private final SmartChineseAnalyzer analyzer = new SmartChineseAnalyzer();

                    @Override
                    public SmartChineseAnalyzer get() {
                        return analyzer;
                    }
                });
    }
}
