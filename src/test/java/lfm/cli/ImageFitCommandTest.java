package lfm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --image-fit is recorded in the run's data spec, so resume and eval reopen the same density. */
class ImageFitCommandTest {

    @Test
    void theFitIsRecordedInTheRunAndTheOldNamesGiveANotice(@TempDir Path temp) throws Exception {
        BufferedImage image = new BufferedImage(12, 6, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 12, 6);
        g.setColor(Color.BLACK);
        g.fillRect(2, 1, 8, 3);
        g.dispose();
        Path png = temp.resolve("shape.png");
        ImageIO.write(image, "png", png.toFile());
        String[] tiny = {
            "train",
            "--backend",
            "reference",
            "--blocks",
            "1",
            "--steps",
            "2",
            "--hidden",
            "8",
            "--depth",
            "1",
            "--batch",
            "16",
            "--pool",
            "64",
            "--log-every",
            "1",
            "--checkpoint-every",
            "2",
            "--no-plots"
        };

        CommandLineRunner.Result trained = CommandLineRunner.run(concat(
                tiny,
                "--data",
                png.toString(),
                "--image-fit",
                "stretch",
                "--out",
                temp.resolve("run").toString()));
        assertEquals(0, trained.status(), trained.err());
        String data = new ObjectMapper()
                .readTree(temp.resolve("run/config.json").toFile())
                .at("/spec/data/source")
                .asText();
        assertEquals("stretch:" + png, data);

        CommandLineRunner.Result renamed = CommandLineRunner.run(
                concat(tiny, "--data", "rose", "--out", temp.resolve("rose").toString()));
        assertEquals(0, renamed.status(), renamed.err());
        assertTrue(renamed.err().startsWith("note: 'rose' is now called 'rose-curve'"), renamed.err());
        assertEquals(
                "rose-curve",
                new ObjectMapper()
                        .readTree(temp.resolve("rose/config.json").toFile())
                        .at("/spec/data/source")
                        .asText(),
                "the run records the current name");
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
