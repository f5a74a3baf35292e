package org.wenjin.knowledge.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PorterStemmerTest {

    /** The words Porter (1980) uses to illustrate each step, stemmed by the whole algorithm as his reference code does. */
    @ParameterizedTest
    @CsvSource({
            "caresses, caress", "ponies, poni", "ties, ti", "caress, caress", "cats, cat",
            "feed, feed", "agreed, agre", "plastered, plaster", "bled, bled", "motoring, motor", "sing, sing",
            "conflated, conflat", "troubled, troubl", "sized, size", "hopping, hop", "tanned, tan", "falling, fall",
            "hissing, hiss", "fizzed, fizz", "failing, fail", "filing, file", "happy, happi", "sky, sky",
            "relational, relat", "conditional, condit", "rational, ration", "valenci, valenc", "hesitanci, hesit",
            "digitizer, digit", "conformabli, conform", "radicalli, radic", "differentli, differ", "vileli, vile",
            "analogousli, analog", "vietnamization, vietnam", "predication, predic", "operator, oper",
            "feudalism, feudal", "decisiveness, decis", "hopefulness, hope", "callousness, callous",
            "formaliti, formal", "sensitiviti, sensit", "sensibiliti, sensibl", "triplicate, triplic",
            "formative, form", "formalize, formal", "electriciti, electr", "electrical, electr", "hopeful, hope",
            "goodness, good", "revival, reviv", "allowance, allow", "inference, infer", "airliner, airlin",
            "gyroscopic, gyroscop", "adjustable, adjust", "defensible, defens", "irritant, irrit",
            "replacement, replac", "adjustment, adjust", "dependent, depend", "adoption, adopt",
            "homologou, homolog", "communism, commun", "activate, activ", "angulariti, angular",
            "homologous, homolog", "effective, effect", "bowdlerize, bowdler", "probate, probat", "rate, rate",
            "cease, ceas", "controll, control", "roll, roll", "generalizations, gener", "oscillators, oscil"})
    void stemsThePapersExamples(String word, String stem) {
        assertThat(PorterStemmer.stem(word)).isEqualTo(stem);
    }

    @ParameterizedTest
    @CsvSource({"developer, develop", "developed, develop", "development, develop", "headquarters, headquart",
            "headquartered, headquart", "released, releas", "release, releas", "based, base", "founded, found"})
    void bringsTheWordsOfAQuestionAndOfAPredicateLabelTogether(String word, String stem) {
        assertThat(PorterStemmer.stem(word)).isEqualTo(stem);
    }

    @ParameterizedTest
    @CsvSource({"gpt3, gpt3", "is, is", "naïve, naïve"})
    void leavesShortWordsAndNonLettersAlone(String word, String stem) {
        assertThat(PorterStemmer.stem(word)).isEqualTo(stem);
    }
}
