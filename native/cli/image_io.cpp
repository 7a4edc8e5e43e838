#include "image_io.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <stdexcept>

#include <opencv2/imgcodecs.hpp>

namespace magicshield::cli {
namespace fs = std::filesystem;

I420Buffer::I420Buffer(int w, int h)
    : width(w), height(h), y(static_cast<std::size_t>(w) * h), u(static_cast<std::size_t>((w + 1) / 2) * ((h + 1) / 2)),
      v(u.size()) {}

I420Image I420Buffer::image() {
  return {y.data(), width, u.data(), (width + 1) / 2, v.data(), (width + 1) / 2, width, height};
}

I420View I420Buffer::view() const {
  return {y.data(), width, u.data(), (width + 1) / 2, v.data(), (width + 1) / 2, width, height};
}

namespace {

// Compares names with digit runs as numbers.
bool natural_less(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (std::isdigit(static_cast<unsigned char>(a[i])) && std::isdigit(static_cast<unsigned char>(b[j]))) {
      std::size_t ei = i, ej = j;
      while (ei < a.size() && std::isdigit(static_cast<unsigned char>(a[ei]))) ++ei;
      while (ej < b.size() && std::isdigit(static_cast<unsigned char>(b[ej]))) ++ej;
      const std::string na = a.substr(i, ei - i), nb = b.substr(j, ej - j);
      const std::string ta = na.substr(std::min(na.find_first_not_of('0'), na.size()));
      const std::string tb = nb.substr(std::min(nb.find_first_not_of('0'), nb.size()));
      if (ta.size() != tb.size()) return ta.size() < tb.size();
      if (ta != tb) return ta < tb;
      i = ei;
      j = ej;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i;
      ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

std::uint8_t clamp8(float v) { return static_cast<std::uint8_t>(std::clamp(v, 0.f, 255.f) + 0.5f); }

}  // namespace

std::vector<std::string> list_images(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw std::runtime_error("not a folder: " + dir);
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    std::string ext = entry.path().extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (ext == ".jpg" || ext == ".jpeg" || ext == ".png") files.push_back(entry.path().string());
  }
  if (ec) throw std::runtime_error("cannot list " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end(),
            [](const std::string& a, const std::string& b) { return natural_less(file_name(a), file_name(b)); });
  return files;
}

cv::Mat read_bgr(const std::string& path) {
  cv::Mat img;
  try {
    img = cv::imread(path, cv::IMREAD_COLOR);
  } catch (const cv::Exception& e) {
    throw std::runtime_error("cannot read image " + path + ": " + e.what());
  }
  if (img.empty()) throw std::runtime_error("cannot read image " + path + " (missing, unreadable or not an image)");
  if (img.cols < 2 || img.rows < 2) throw std::runtime_error("image " + path + " is too small");
  return img;
}

I420Buffer bgr_to_i420(const cv::Mat& bgr) {
  I420Buffer out(bgr.cols, bgr.rows);
  const int cw = (bgr.cols + 1) / 2;
  for (int y = 0; y < bgr.rows; ++y) {
    const cv::Vec3b* row = bgr.ptr<cv::Vec3b>(y);
    for (int x = 0; x < bgr.cols; ++x) {
      out.y[static_cast<std::size_t>(y) * bgr.cols + x] = rgb_to_yuv(row[x][2], row[x][1], row[x][0]).y;
    }
  }
  // Chroma from the average colour of each 2x2 block (edge blocks of odd sizes average what they have).
  for (int cy = 0; cy < (bgr.rows + 1) / 2; ++cy) {
    for (int cx = 0; cx < cw; ++cx) {
      float r = 0.f, g = 0.f, b = 0.f;
      int n = 0;
      for (int dy = 0; dy < 2; ++dy) {
        for (int dx = 0; dx < 2; ++dx) {
          const int x = 2 * cx + dx, y = 2 * cy + dy;
          if (x >= bgr.cols || y >= bgr.rows) continue;
          const cv::Vec3b p = bgr.at<cv::Vec3b>(y, x);
          b += p[0];
          g += p[1];
          r += p[2];
          ++n;
        }
      }
      const Yuv c = rgb_to_yuv(r / static_cast<float>(n), g / static_cast<float>(n), b / static_cast<float>(n));
      out.u[static_cast<std::size_t>(cy) * cw + cx] = c.u;
      out.v[static_cast<std::size_t>(cy) * cw + cx] = c.v;
    }
  }
  return out;
}

cv::Mat i420_to_bgr(const I420View& f) {
  cv::Mat bgr(f.height, f.width, CV_8UC3);
  for (int y = 0; y < f.height; ++y) {
    cv::Vec3b* row = bgr.ptr<cv::Vec3b>(y);
    for (int x = 0; x < f.width; ++x) {
      const float luma = (f.y[static_cast<std::ptrdiff_t>(y) * f.stride_y + x] - 16.f) * YuvToRgb::kY;
      const float cu = f.u[static_cast<std::ptrdiff_t>(y / 2) * f.stride_u + x / 2] - 128.f;
      const float cv = f.v[static_cast<std::ptrdiff_t>(y / 2) * f.stride_v + x / 2] - 128.f;
      row[x] = {clamp8(luma + YuvToRgb::kBu * cu), clamp8(luma + YuvToRgb::kGu * cu + YuvToRgb::kGv * cv),
                clamp8(luma + YuvToRgb::kRv * cv)};
    }
  }
  return bgr;
}

void write_image(const std::string& path, const cv::Mat& bgr) {
  bool ok = false;
  try {
    ok = cv::imwrite(path, bgr, {cv::IMWRITE_JPEG_QUALITY, 95});
  } catch (const cv::Exception& e) {
    throw std::runtime_error("cannot write " + path + ": " + e.what());
  }
  if (!ok) throw std::runtime_error("cannot write " + path);
}

std::string file_name(const std::string& path) { return fs::path(path).filename().string(); }

}  // namespace magicshield::cli
