#include "palm_detector.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "model_input.h"
#include "weighted_nms.h"

namespace magicshield {
namespace {

constexpr float kNmsIouThreshold = 0.3f;
constexpr float kScoreClip = 100.f;

float sigmoid(float x) { return 1.f / (1.f + std::exp(-std::clamp(x, -kScoreClip, kScoreClip))); }

}  // namespace

std::vector<PalmDetection> decode_palms(const float* regressors, const float* logits,
                                        const std::vector<Anchor>& anchors, float min_score) {
  std::vector<PalmDetection> palms;
  const float inv_size = 1.f / static_cast<float>(kPalmInputSize);
  for (std::size_t i = 0; i < anchors.size(); ++i) {
    const float score = sigmoid(logits[i]);
    if (!(score >= min_score)) continue;  // written so that a NaN score is dropped too
    const float* r = regressors + i * kPalmValuesPerAnchor;
    const Anchor& a = anchors[i];
    const float cx = r[0] * inv_size * a.w + a.cx;
    const float cy = r[1] * inv_size * a.h + a.cy;
    const float w = r[2] * inv_size * a.w;
    const float h = r[3] * inv_size * a.h;
    // A box without area (or not a number) is no palm, and would never overlap itself in the NMS.
    if (!(w > 0.f && h > 0.f) || !std::isfinite(cx) || !std::isfinite(cy) || !std::isfinite(w) || !std::isfinite(h)) {
      continue;
    }
    PalmDetection d;
    d.xmin = cx - 0.5f * w;
    d.ymin = cy - 0.5f * h;
    d.width = w;
    d.height = h;
    for (int k = 0; k < kPalmKeypoints; ++k) {
      d.keypoints[k] = {r[4 + 2 * k] * inv_size * a.w + a.cx, r[5 + 2 * k] * inv_size * a.h + a.cy};
    }
    d.score = score;
    palms.push_back(d);
  }
  return palms;
}

PalmDetector::PalmDetector(ModelKind kind, TensorSampler sample)
    : kind_(kind), sample_(std::move(sample)), anchors_(generate_ssd_anchors(SsdAnchorOptions{})),
      input_(static_cast<std::size_t>(3) * kPalmInputSize * kPalmInputSize) {}

std::vector<PalmDetection> PalmDetector::detect(const I420View& frame, bool mirror, float min_score) {
  const Letterbox box = letterbox_for(frame.width, frame.height);
  sample_(frame, mirror, box.roi, kPalmInputSize, kPalmInputSize, Border::kZero, TensorLayout::kNchw, input_.data());

  std::vector<cv::Mat> outputs;
  {
    NetLease net = ModelStore::instance().lease(kind_);
    outputs = net.forward(input_.data(), kPalmInputSize);
  }
  // Outputs are told apart by shape: regressors N x 18, scores N x 1.
  const cv::Mat* regressors = nullptr;
  const cv::Mat* scores = nullptr;
  for (const cv::Mat& m : outputs) {
    const std::size_t n = m.total();
    if (n == anchors_.size() * kPalmValuesPerAnchor) regressors = &m;
    if (n == anchors_.size()) scores = &m;
  }
  if (regressors == nullptr || scores == nullptr) {
    throw std::runtime_error("palm detection model has unexpected outputs (expected 2016x18 and 2016x1)");
  }
  return palms_in_frame(regressors->ptr<float>(), scores->ptr<float>(), anchors_, min_score, box, frame.width,
                        frame.height);
}

std::vector<PalmDetection> palms_in_frame(const float* regressors, const float* logits,
                                          const std::vector<Anchor>& anchors, float min_score, const Letterbox& box,
                                          int width, int height) {
  std::vector<PalmDetection> palms =
      weighted_nms(decode_palms(regressors, logits, anchors, min_score), kNmsIouThreshold);

  // Undo the letterbox: from the padded square's unit coordinates to frame pixels.
  auto to_frame = [&](Point2 p) {
    return Point2{(p.x - box.pad_x) / (1.f - 2.f * box.pad_x) * static_cast<float>(width),
                  (p.y - box.pad_y) / (1.f - 2.f * box.pad_y) * static_cast<float>(height)};
  };
  for (PalmDetection& d : palms) {
    const Point2 tl = to_frame({d.xmin, d.ymin});
    const Point2 br = to_frame({d.xmin + d.width, d.ymin + d.height});
    d.xmin = tl.x;
    d.ymin = tl.y;
    d.width = br.x - tl.x;
    d.height = br.y - tl.y;
    for (Point2& k : d.keypoints) k = to_frame(k);
  }
  return palms;
}

}  // namespace magicshield
