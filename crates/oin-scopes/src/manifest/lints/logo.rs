//! Lints of the logo (`OIN3xx`), checked from the file itself: its size, and the format and
//! pixel size its header declares.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use imagesize::{ImageError, ImageType};

use super::Context;
use crate::manifest::diagnostic::{Code, Diagnostic};

/// OIN takes logos "less than one MB"; read conservatively as 10^6 bytes.
pub(crate) const MAX_LOGO_BYTES: u64 = 1_000_000;

/// The pixel sizes (width × height) OIN takes.
pub(crate) const LOGO_SIZES: &[(usize, usize)] = &[(200, 200), (244, 244), (244, 156), (156, 244)];

const POINTER: &str = "/integration/logo";

pub(super) fn check(context: &mut Context<'_>) {
    let written = context.manifest.integration.logo.as_str();
    let at = context.at(POINTER);
    if written.trim().is_empty() {
        context.report(
            Diagnostic::error(Code::LogoUnreadable, "`integration.logo` is empty")
                .at(at)
                .help("give the logo's path, relative to the manifest, such as `logo.png`"),
        );
        return;
    }
    let path = context.folder().join(written);
    let metadata = match std::fs::metadata(&path) {
        Ok(metadata) if metadata.is_file() => metadata,
        Ok(_) => {
            context.report(
                Diagnostic::error(
                    Code::LogoUnreadable,
                    format!("logo `{written}` is not a file"),
                )
                .at(at)
                .help("give the path of the image file, relative to the manifest"),
            );
            return;
        }
        Err(error) => {
            context.report(unreadable(written, &error).at(at));
            return;
        }
    };
    if metadata.len() >= MAX_LOGO_BYTES {
        context.report(
            Diagnostic::error(
                Code::LogoFileSize,
                format!(
                    "logo `{written}` is {} bytes; OIN takes files under 1 MB ({MAX_LOGO_BYTES} bytes)",
                    metadata.len()
                ),
            )
            .at(at.clone())
            .help("compress it, or save it with fewer colours; the logo is shown at most 244 pixels wide"),
        );
    }
    let header = match read_header(&path) {
        Ok(header) => header,
        Err(ImageError::IoError(error)) => {
            context.report(unreadable(written, &error).at(at));
            return;
        }
        Err(ImageError::NotSupported | ImageError::CorruptedImage) => {
            context.report(
                Diagnostic::error(
                    Code::LogoFormat,
                    format!("logo `{written}` is not a PNG, JPEG or GIF image"),
                )
                .at(at)
                .help(
                    "save the logo as PNG (preferred, with a transparent background), JPG or GIF",
                ),
            );
            return;
        }
    };
    let (kind, width, height) = header;
    let Some(format) = format_name(kind) else {
        context.report(
            Diagnostic::error(
                Code::LogoFormat,
                format!(
                    "logo `{written}` is a {} image; OIN takes PNG, JPG or GIF",
                    format!("{kind:?}").to_uppercase()
                ),
            )
            .at(at)
            .help("save the logo as PNG (preferred, with a transparent background), JPG or GIF"),
        );
        return;
    };
    if !LOGO_SIZES.contains(&(width, height)) {
        context.report(
            Diagnostic::error(
                Code::LogoDimensions,
                format!("logo `{written}` is {width}×{height} pixels; OIN takes 200×200, 244×244, 244×156 or 156×244"),
            )
            .at(at.clone())
            .help(format!("resize it to the closest of those sizes: {}", closest_size(width, height))),
        );
    }
    let extension = Path::new(written)
        .extension()
        .map(|extension| extension.to_string_lossy().to_ascii_lowercase());
    let expected: &[&str] = match format {
        "PNG" => &["png"],
        "JPEG" => &["jpg", "jpeg"],
        _ => &["gif"],
    };
    if !extension
        .as_deref()
        .is_some_and(|extension| expected.contains(&extension))
    {
        context.report(
            Diagnostic::warning(
                Code::LogoExtension,
                format!(
                    "logo `{written}` is a {format} image, but its name does not end in `.{}`",
                    expected[0]
                ),
            )
            .at(at)
            .help(format!(
                "rename it to end in `.{}`: the OIN Wizard goes by the extension",
                expected[0]
            )),
        );
    }
}

fn unreadable(written: &str, error: &std::io::Error) -> Diagnostic {
    let what = if error.kind() == std::io::ErrorKind::NotFound {
        "does not exist".to_owned()
    } else {
        format!("cannot be read: {error}")
    };
    Diagnostic::error(Code::LogoUnreadable, format!("logo `{written}` {what}"))
        .help("the logo's path is relative to the manifest's folder")
}

/// The format and pixel size in the file's header, reading no more than it needs.
fn read_header(path: &Path) -> Result<(ImageType, usize, usize), ImageError> {
    let mut reader = BufReader::new(File::open(path)?);
    let kind = imagesize::reader_type(&mut reader)?;
    std::io::Seek::rewind(&mut reader)?;
    let size = imagesize::reader_size(&mut reader)?;
    Ok((kind, size.width, size.height))
}

fn format_name(kind: ImageType) -> Option<&'static str> {
    match kind {
        ImageType::Png => Some("PNG"),
        ImageType::Jpeg => Some("JPEG"),
        ImageType::Gif => Some("GIF"),
        _ => None,
    }
}

/// The allowed size with the closest aspect ratio, then the closest area.
fn closest_size(width: usize, height: usize) -> String {
    if width == 0 || height == 0 {
        return "200×200".to_owned();
    }
    let ratio = width as f64 / height.max(1) as f64;
    let area = (width * height) as f64;
    let best = LOGO_SIZES.iter().copied().min_by(|a, b| {
        let score = |(w, h): (usize, usize)| {
            let r = w as f64 / h as f64;
            ((r.ln() - ratio.ln()).abs(), ((w * h) as f64 - area).abs())
        };
        score(*a)
            .partial_cmp(&score(*b))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    best.map_or_else(String::new, |(w, h)| format!("{w}×{h}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_allowed_size() {
        assert_eq!(closest_size(512, 512), "244×244");
        assert_eq!(closest_size(190, 190), "200×200");
        assert_eq!(closest_size(600, 400), "244×156");
        assert_eq!(closest_size(100, 160), "156×244");
        assert_eq!(closest_size(0, 0), "200×200");
    }
}
