package dev.steward.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.Steward;
import dev.steward.dsr.RequestApiTest;
import dev.steward.dsr.RequestApiTest.Api;
import dev.steward.policy.Recipient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The data map as served: the SVG parses as XML, names every recipient of the policy in the requested
 * language's picture, and no two labels' boxes overlap (measured from their positions and widths); the
 * Markdown form embeds the same picture.
 */
class DataMapReportTest {
    @TempDir
    Path data;

    record Box(String label, double x, double y, double width, double height) {
        boolean overlaps(Box other) {
            return x < other.x + other.width && other.x < x + width && y < other.y + other.height
                    && other.y < y + height;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh-CN"})
    void aReadablePictureOfEveryRecipientWithNoLabelsOverlapping(String language) throws Exception {
        Api api = RequestApiTest.start(data, Path.of("policies/reference.yaml"), "", Clock.systemUTC());
        try (Steward steward = api.steward()) {
            var response = api.raw("GET", "/api/v1/reports/data-map?lang=" + language, null);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document svg = factory.newDocumentBuilder().parse(new ByteArrayInputStream(response.body()));
            assertThat(svg.getDocumentElement().getLocalName()).isEqualTo("svg");
            assertThat(svg.getDocumentElement().getAttribute("lang")).isEqualTo(language);
            NodeList texts = svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
            List<Box> boxes = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < texts.getLength(); i++) {
                Element text = (Element) texts.item(i);
                String label = text.getTextContent();
                labels.add(label);
                double size = DataMapReport.FONT;
                boxes.add(new Box(label, Double.parseDouble(text.getAttribute("x")),
                        Double.parseDouble(text.getAttribute("y")) - size, DataMapReport.width(label), size * 1.25));
            }
            for (Recipient recipient : steward.policy().recipients().values()) {
                assertThat(labels).as("names %s", recipient.key()).contains(recipient.name());
            }
            assertThat(labels).as("purposes in the requested language").contains(steward.policy().purposes().values()
                    .iterator().next().title().in(language));
            for (int a = 0; a < boxes.size(); a++) {
                for (int b = a + 1; b < boxes.size(); b++) {
                    assertThat(boxes.get(a).overlaps(boxes.get(b))).as("'%s' and '%s' overlap", boxes.get(a).label(),
                            boxes.get(b).label()).isFalse();
                }
            }
            assertThat(svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "line").getLength()).isPositive();

            String md = new String(api.raw("GET", "/api/v1/reports/data-map?format=md&lang=" + language, null).body(),
                    StandardCharsets.UTF_8);
            String embedded = md.substring(md.indexOf("base64,") + 7, md.indexOf(')', md.indexOf("base64,")));
            assertThat(new String(Base64.getDecoder().decode(embedded), StandardCharsets.UTF_8))
                    .isEqualTo(new String(response.body(), StandardCharsets.UTF_8));
            assertThat(api.raw("GET", "/api/v1/reports/data-map?format=csv", null).statusCode()).isEqualTo(200);
        }
    }
}
