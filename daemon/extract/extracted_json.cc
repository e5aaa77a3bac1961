#include "daemon/extract/extracted_json.h"

namespace newswatch {

nlohmann::json ExtractedToJson(const ExtractedArticle& article) {
  return nlohmann::json{
      {"title", article.title},
      {"published", article.published ? article.published->ToRfc3339() : std::string()},
      {"author", article.author},
      {"source", article.source},
      {"text", article.text},
  };
}

}  // namespace newswatch
