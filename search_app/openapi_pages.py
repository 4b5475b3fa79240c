"""The OpenAPI description of printed pages: boxes, page images and the IIIF files."""
_NUM = {"type": "number", "minimum": 0, "maximum": 1}

BOX = {"type": "object", "required": ["x", "y", "w", "h"],
       "description": "a box on the printed page as fractions (0-1) of its width and height, "
                      "origin top left",
       "properties": {"x": _NUM, "y": _NUM, "w": _NUM, "h": _NUM}}
BOXES = {"type": "array", "items": {"$ref": "#/components/schemas/Box"}}
PAGE_KEY = {"type": ["string", "null"], "pattern": "^[0-9a-f]{16}-[0-9]+$",
            "description": "the printed page the article was read from (null: a text page "
                           "or JSON Lines, no image)"}
_SIZE = {"type": "object", "required": ["width", "height", "url"],
         "properties": {"width": {"type": "integer"}, "height": {"type": "integer"},
                        "url": {"type": "string"}}}

PAGE_SCHEMAS = {
    "Box": BOX,
    "PageImage": {
        "type": ["object", "null"],
        "description": "a printed page's image: IIIF Image API 2.1 level 0 (sizes only); "
                       "null when the page has none",
        "required": ["key", "width", "height", "info_url", "view_url", "sizes"],
        "properties": {"key": PAGE_KEY, "width": {"type": "integer"},
                       "height": {"type": "integer"},
                       "info_url": {"type": "string", "description": "IIIF info.json"},
                       "view_url": {"type": "string",
                                    "description": "the size shown without zooming"},
                       "view_width": {"type": "integer"}, "view_height": {"type": "integer"},
                       "sizes": {"type": "array", "items": _SIZE}}},
}

# what an article (GET /api/articles/{id}) adds
ARTICLE_PAGE_PROPERTIES = {
    "page_key": PAGE_KEY,
    "page_image": {"$ref": "#/components/schemas/PageImage"},
    "regions": dict(BOXES, description="the article's region(s) on its page"),
    "hit_boxes": dict(BOXES, description="one box per character the query ?q= matches "
                                         "(quoted or not, across line breaks)"),
}

_KEY = {"name": "key", "in": "path", "required": True, "schema": PAGE_KEY}
PAGE_PATHS = {
    "/pages/{key}/info.json": {"get": {
        "summary": "A printed page's IIIF Image API info.json (level 0, sizes)",
        "operationId": "pageInfo", "parameters": [_KEY],
        "responses": {"200": {"description": "IIIF image information",
                              "content": {"application/json": {"schema": {"type": "object"}}}},
                      "404": {"description": "no such page"}}}},
    "/pages/{key}/full/{size}/0/default.jpg": {"get": {
        "summary": "One size of a printed page's image (a IIIF level 0 image request)",
        "operationId": "pageImage",
        "parameters": [_KEY, {"name": "size", "in": "path", "required": True,
                              "schema": {"type": "string", "pattern": "^[0-9]+,$"},
                              "description": "a width listed in info.json's sizes, then ','"}],
        "responses": {"200": {"description": "JPEG",
                              "content": {"image/jpeg": {"schema": {"type": "string",
                                                                    "format": "binary"}}}},
                      "404": {"description": "no such page or size"}}}},
}
