package lfm.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import lfm.io.AtomicFiles;

/**
 * A white, antialiased RGB canvas with a bold title at the top and an optional grey caption at the
 * bottom, written as PNG atomically. Charts draw on {@link #graphics()}.
 */
final class Figure {
    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 17);
    static final Font PANEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font CAPTION_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final int TITLE_HEIGHT = 36;
    static final int CAPTION_HEIGHT = 24;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true"); // plots are files: never open a display
        }
    }

    private final BufferedImage image;
    private final Graphics2D graphics;

    Figure(int width, int height) {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        graphics = image.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        graphics.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, width, height);
        graphics.setStroke(new BasicStroke(1f));
    }

    Graphics2D graphics() {
        return graphics;
    }

    int width() {
        return image.getWidth();
    }

    int height() {
        return image.getHeight();
    }

    /** The figure's title, centred in the top band; a smaller font if it would not fit. */
    void title(String text) {
        Font font = TITLE_FONT;
        while (font.getSize() > 10 && graphics.getFontMetrics(font).stringWidth(text) > image.getWidth() - 16) {
            font = font.deriveFont((float) font.getSize() - 1);
        }
        centred(text, font, Color.BLACK, image.getWidth() / 2, 25);
    }

    /** A one-line grey note centred in the bottom band (for example how colours map to counts). */
    void caption(String text) {
        centred(text, CAPTION_FONT, Color.DARK_GRAY, image.getWidth() / 2, image.getHeight() - 8);
    }

    /** Draws text horizontally centred on x with its baseline at y. */
    void centred(String text, Font font, Color color, int x, int baseline) {
        graphics.setFont(font);
        graphics.setColor(color);
        FontMetrics metrics = graphics.getFontMetrics();
        graphics.drawString(text, x - metrics.stringWidth(text) / 2, baseline);
    }

    /** Writes the PNG (atomically) and releases the graphics context. */
    void save(Path file) throws IOException {
        graphics.dispose();
        AtomicFiles.write(file, stream -> {
            if (!ImageIO.write(image, "png", stream)) {
                throw new IOException("no PNG writer available in this Java runtime");
            }
        });
    }
}
